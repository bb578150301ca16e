/*
 * dyld's errors: every way an image, its fixups or its exports can be refused.
 * Each names one specific fault, so a refusal message says what is wrong.
 */
#ifndef DYLD_ERROR_H
#define DYLD_ERROR_H

enum dyld_error {
	DYLD_OK = 0,
	DYLD_E_MACHO,             /* the load commands failed macho_parse_loadable */
	DYLD_E_CMD_SHORT,         /* a command dyld reads is smaller than its structure */
	DYLD_E_CMD_DUPLICATE,     /* a command that may appear once appears twice */
	DYLD_E_CMD_STRING,        /* a dylib path is outside its command or has no NUL */
	DYLD_E_DYLIBS_MANY,       /* more than DYLD_MAX_DYLIBS dependent dylibs */
	DYLD_E_LINKEDIT_RANGE,    /* a linkedit table lies outside the file */
	DYLD_E_TWO_FORMATS,       /* both dyld-info opcodes and chained fixups */
	DYLD_E_SYMBOL_INDEX,      /* an LC_DYSYMTAB symbol group outside the symbol table */
	DYLD_E_RELOCATIONS,       /* classic relocations, which arm64 images do not use */
	DYLD_E_SECTION_FILE,      /* a section with contents lies outside its segment's file data */
	DYLD_E_SECTION_SIZE,      /* a pointer or offset section is not a whole number of entries */
	DYLD_E_SECTION_MANY,      /* more special sections than dyld keeps */
	DYLD_E_ULEB,              /* a ULEB128 runs off its stream or overflows 64 bits */
	DYLD_E_SLEB,              /* an SLEB128 runs off its stream or overflows 64 bits */
	DYLD_E_STRING,            /* a symbol name runs off its table */
	DYLD_E_OPCODE,            /* an unknown or unsupported opcode */
	DYLD_E_OPCODE_END,        /* an opcode stream ends without BIND/REBASE_OPCODE_DONE */
	DYLD_E_FIXUP_TYPE,        /* a fixup type other than pointer */
	DYLD_E_SEGMENT_INDEX,     /* a segment index past the segment commands */
	DYLD_E_NOT_WRITABLE,      /* a fixup in a segment that is not writable */
	DYLD_E_FIXUP_RANGE,       /* a fixup outside its segment's file data */
	DYLD_E_TOO_MANY_FIXUPS,   /* a stream fixes more pointers than the image has slots */
	DYLD_E_NO_SYMBOL,         /* a bind with no symbol name set */
	DYLD_E_ORDINAL,           /* a library ordinal past the dylibs, or an unknown special one */
	DYLD_E_LAZY_OFFSET,       /* a lazy-bind offset outside the lazy-bind stream */
	DYLD_E_CHAIN_HEADER,      /* chained fixups header malformed or an unknown version */
	DYLD_E_CHAIN_SYMBOLS,     /* compressed symbol names, which dyld does not read */
	DYLD_E_CHAIN_IMPORTS,     /* imports table outside the data or an unknown import format */
	DYLD_E_CHAIN_STARTS,      /* starts-in-image or starts-in-segment malformed */
	DYLD_E_CHAIN_FORMAT,      /* a pointer format other than 2 (64) and 6 (64_OFFSET) */
	DYLD_E_CHAIN_PAGE_SIZE,   /* a page size other than 4 KiB and 16 KiB */
	DYLD_E_CHAIN_SEGMENT,     /* starts-in-segment disagrees with its segment */
	DYLD_E_CHAIN_PAGE_START,  /* a page start (or multi-start list) outside its page */
	DYLD_E_CHAIN_OFF_PAGE,    /* a chain runs off its page */
	DYLD_E_CHAIN_OFF_SEGMENT, /* a chain runs off its segment's file data */
	DYLD_E_CHAIN_LOOP,        /* a chain visits a location twice */
	DYLD_E_CHAIN_IMPORT,      /* a bind names an import past the imports table */
	DYLD_E_TRIE_RANGE,        /* an exports-trie node or child lies outside the trie */
	DYLD_E_TRIE_LOOP,         /* the exports trie revisits a node */
	DYLD_E_TRIE_EXPORT,       /* an export's flags or fields are malformed */
	DYLD_E_NOT_FOUND,         /* the symbol is not exported */
	DYLD_E_UNDEFINED,         /* a non-weak import that no image defines */
	DYLD_E_REEXPORT_LOOP,     /* re-exports nest deeper than DYLD_LINK_DEPTH */
	DYLD_E_NOT_LOADED,        /* a dependency that is not among the loaded images */
	DYLD_E_INIT_RANGE,        /* an initializer or terminator outside the executable segments */
	DYLD_E_FILE_SIZE,         /* a file that is empty or larger than DYLD_LOAD_FILE_MAX */
	DYLD_E_READ,              /* reading the file failed or came up short */
	DYLD_E_NO_MEMORY,         /* no memory for the file, its mapping or dyld's records */
	DYLD_E_FILETYPE,          /* a dylib that is not MH_DYLIB, a program not MH_EXECUTE */
	DYLD_E_SPAN,              /* the segments span more than DYLD_LOAD_SPAN_MAX */
	DYLD_E_MAPPED,            /* the program in memory differs from its file */
	DYLD_E_OPEN,              /* the file cannot be opened */
	DYLD_E_NOT_FILE,          /* the path names something other than a regular file */
	DYLD_E_PATH,        /* a dylib name too long, or with an '@' prefix dyld does not know */
	DYLD_E_IMAGES_MANY, /* more images than dyld keeps */
	DYLD_E_PROTECT,     /* setting a segment's protection failed */
	DYLD_E_API,         /* libSystem's tessera_dyld_api is not a writable object */
	DYLD_E_RESOLVER,    /* a symbol defined by a resolver function, which dyld does not run */
};

/* A sentence describing err, for messages. */
const char *dyld_strerror(enum dyld_error err);

#endif
