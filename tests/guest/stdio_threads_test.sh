#!/usr/bin/env bash
# stdio from three threads at once (programs/stdio_threads.c as /sbin/init,
# through dyld and libSystem): the main thread and two Mach threads print 150
# lines each to the console. Every line between "start" and "done" must be a
# whole line of one writer, with the length its number says, and each
# writer's lines must all be there, in order.
# Arguments: the kernel, the boot volume.
. "$(dirname "$0")/run_guest.sh"
guest_boot "$1" -m 256M -initrd "$2"
expect '^bsdserver: started /sbin/init as pid 1$' "init started through dyld"
expect '^stdio_threads: start$' "the program started"
expect '^stdio_threads: done$' "both threads finished"
expect '^bsdserver: pid 1 \(init\) exited with status 0$' "exit status 0"
expect_not 'panic|^exception:|^dyld:|^libSystem:' "panic, exception, dyld or libSystem refusal"
verdict=$(awk '
	/^stdio_threads: start$/ { on = 1; next }
	/^stdio_threads: done$/ { on = 0; next }
	!on { next }
	{
		if (match($0, /^stdio_threads: writer [012] line [0-9][0-9][0-9] [a-c]+ end$/)) {
			w = substr($0, 23, 1) + 0
			i = substr($0, 30, 3) + 0
			payload = substr($0, 34, length($0) - 37)
			letter = substr("abc", w + 1, 1)
			want = ""
			for (k = 0; k < i % 20 + 10; k++)
				want = want letter
			if (payload == want && i == next_line[w]) {
				next_line[w]++
				next
			}
		}
		bad++
		if (bad <= 5)
			print "torn or out of order: " $0
	}
	END {
		for (w = 0; w < 3; w++)
			if (next_line[w] != 150) {
				print "writer " w " has " next_line[w] + 0 " whole lines"
				bad++
			}
		print bad + 0 " bad"
	}' "$console")
echo "$verdict" | grep -v ' bad$'
if [ "$(echo "$verdict" | tail -n 1)" = "0 bad" ]; then
	echo "ok: 450 whole lines from three threads, each writer's in order"
else
	echo "FAIL: lines torn, lost or out of order"
	failures=$((failures + 1))
fi
guest_done
