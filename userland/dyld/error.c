/* Messages for dyld's errors. */
#include "error.h"

const char *dyld_strerror(enum dyld_error err)
{
	switch (err) {
	case DYLD_OK: return "no error";
	case DYLD_E_MACHO: return "malformed Mach-O image";
	case DYLD_E_CMD_SHORT: return "load command is smaller than its structure";
	case DYLD_E_CMD_DUPLICATE: return "load command that may appear once appears again";
	case DYLD_E_CMD_STRING: return "dylib path is outside its command or not NUL-terminated";
	case DYLD_E_DYLIBS_MANY: return "too many dependent dylibs";
	case DYLD_E_LINKEDIT_RANGE: return "linkedit table lies outside the file";
	case DYLD_E_TWO_FORMATS: return "image has both dyld-info opcodes and chained fixups";
	case DYLD_E_SYMBOL_INDEX: return "dynamic symbol table group lies outside the symbol table";
	case DYLD_E_RELOCATIONS:
		return "image has classic relocations, which arm64 images do not use";
	case DYLD_E_SECTION_FILE: return "section lies outside its segment's file data";
	case DYLD_E_SECTION_SIZE: return "section size is not a whole number of entries";
	case DYLD_E_SECTION_MANY: return "too many initializer or thread-local sections";
	case DYLD_E_ULEB: return "ULEB128 number runs off its table or overflows 64 bits";
	case DYLD_E_SLEB: return "SLEB128 number runs off its table or overflows 64 bits";
	case DYLD_E_STRING: return "symbol name runs off its table";
	case DYLD_E_OPCODE: return "unknown or unsupported dyld-info opcode";
	case DYLD_E_OPCODE_END: return "dyld-info opcode stream ends without DONE";
	case DYLD_E_FIXUP_TYPE: return "fixup type is not a pointer";
	case DYLD_E_SEGMENT_INDEX: return "fixup names a segment the image does not have";
	case DYLD_E_NOT_WRITABLE: return "fixup lies in a segment that is not writable";
	case DYLD_E_FIXUP_RANGE: return "fixup lies outside its segment's file data";
	case DYLD_E_TOO_MANY_FIXUPS: return "more fixups than the image has pointers";
	case DYLD_E_NO_SYMBOL: return "bind without a symbol name";
	case DYLD_E_ORDINAL: return "library ordinal names no dependent dylib";
	case DYLD_E_LAZY_OFFSET: return "lazy-bind offset does not start a single lazy bind";
	case DYLD_E_CHAIN_HEADER:
		return "chained fixups header is malformed or of an unknown version";
	case DYLD_E_CHAIN_SYMBOLS: return "chained fixups symbol names are compressed";
	case DYLD_E_CHAIN_IMPORTS:
		return "chained fixups imports table is outside its data or of an unknown format";
	case DYLD_E_CHAIN_STARTS: return "chained fixups starts are malformed";
	case DYLD_E_CHAIN_FORMAT:
		return "chained pointer format is neither 2 (64) nor 6 (64_OFFSET)";
	case DYLD_E_CHAIN_PAGE_SIZE: return "chained fixups page size is neither 4 KiB nor 16 KiB";
	case DYLD_E_CHAIN_SEGMENT: return "chained fixups segment starts disagree with the segment";
	case DYLD_E_CHAIN_PAGE_START: return "chain start lies outside its page";
	case DYLD_E_CHAIN_OFF_PAGE: return "fixup chain runs off its page";
	case DYLD_E_CHAIN_OFF_SEGMENT: return "fixup chain runs off its segment's file data";
	case DYLD_E_CHAIN_LOOP: return "fixup chains reach one location twice";
	case DYLD_E_CHAIN_IMPORT: return "chained bind names an import past the imports table";
	case DYLD_E_TRIE_RANGE: return "exports trie node or child lies outside the trie";
	case DYLD_E_TRIE_LOOP: return "exports trie revisits a node";
	case DYLD_E_TRIE_EXPORT: return "exports trie entry is malformed";
	case DYLD_E_NOT_FOUND: return "symbol not found";
	case DYLD_E_UNDEFINED: return "non-weak import is not defined by any image";
	case DYLD_E_REEXPORT_LOOP: return "re-exported symbols nest too deep (a loop)";
	case DYLD_E_NOT_LOADED: return "a dependency is not among the loaded images";
	case DYLD_E_INIT_RANGE: return "initializer or terminator lies outside the image's code";
	case DYLD_E_FILE_SIZE: return "file is empty or too large";
	case DYLD_E_READ: return "reading the file failed or came up short";
	case DYLD_E_NO_MEMORY: return "out of memory";
	case DYLD_E_FILETYPE: return "not a dylib (or, for the program, not an executable)";
	case DYLD_E_SPAN: return "segments span too much address space";
	case DYLD_E_MAPPED: return "the program in memory differs from its file";
	case DYLD_E_OPEN: return "cannot open the file";
	case DYLD_E_NOT_FILE: return "not a regular file";
	case DYLD_E_PATH: return "dylib name is too long or starts with an unknown @ prefix";
	case DYLD_E_IMAGES_MANY: return "too many images loaded";
	case DYLD_E_PROTECT: return "cannot set a segment's protection";
	case DYLD_E_API: return "tessera_dyld_api is not a writable object of the right size";
	case DYLD_E_RESOLVER:
		return "symbol is defined by a resolver function, which dyld does not run";
	}
	return "unknown dyld error";
}
