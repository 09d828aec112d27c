# yes.sh: attack: flood stdout without end. Safe: OL, exactly output_limit bytes kept, stdout_truncated, the executor's memory stays small.
yes
