program main
    use iso_fortran_env, only: error_unit
    implicit none
    character(len=256) :: line, arg
    character(len=1024) :: out
    integer :: i

    print '(a)', 'coderun conformance'
    read (*, '(a)') line
    print '(a)', 'stdin: ' // trim(line)
    out = ''
    do i = 1, command_argument_count()
        call get_command_argument(i, arg)
        if (i > 1) then
            out = trim(out) // '|' // trim(arg)
        else
            out = trim(arg)
        end if
    end do
    print '(a)', 'args: ' // trim(out)
    write (error_unit, '(a)') 'to stderr'
    call exit(3)
end program main
