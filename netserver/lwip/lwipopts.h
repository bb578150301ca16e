/*
 * lwIP configuration for netserver. netserver runs lwIP single-threaded in its
 * own receive loop (NO_SYS: the raw API, no lwIP threads or sys_arch), and
 * exposes sockets to bsdserver itself, so lwIP's socket and netconn layers are off.
 */
#ifndef NETSERVER_LWIPOPTS_H
#define NETSERVER_LWIPOPTS_H

#define NO_SYS               1
#define SYS_LIGHTWEIGHT_PROT 0
#define LWIP_SOCKET          0
#define LWIP_NETCONN         0

#define LWIP_IPV4     1
#define LWIP_IPV6     1
#define LWIP_TCP      1
#define LWIP_UDP      1
#define LWIP_ICMP     1
#define LWIP_RAW      1
#define LWIP_DHCP     1
#define LWIP_DNS      1
#define LWIP_ARP      1
#define LWIP_ETHERNET 1

#define MEM_ALIGNMENT    8
#define MEM_SIZE         (1024 * 1024)
#define MEMP_NUM_TCP_PCB 64
#define TCP_MSS          1460
#define TCP_WND          (16 * TCP_MSS)
#define TCP_SND_BUF      (16 * TCP_MSS)
#define PBUF_POOL_SIZE   256
#define TCP_SND_QUEUELEN ((4 * TCP_SND_BUF) / TCP_MSS)
#define MEMP_NUM_TCP_SEG (2 * TCP_SND_QUEUELEN)

#endif
