"""static_archives: the static archives of cc deps' closure, each once, in link order."""

def static_archives(deps):
    merged = cc_common.merge_cc_infos(cc_infos = [dep[CcInfo] for dep in deps])
    archives = []
    for linker_input in merged.linking_context.linker_inputs.to_list():
        for lib in linker_input.libraries:
            a = lib.static_library or lib.pic_static_library
            if a and a not in archives:
                archives.append(a)
    return archives
