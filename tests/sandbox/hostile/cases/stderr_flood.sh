# stderr_flood.sh: attack: flood stderr only. Safe: EL, exactly output_limit bytes of stderr kept, stderr_truncated.
yes err >&2
