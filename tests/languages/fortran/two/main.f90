! Two-file case: the module greet, in greet.f90, must be compiled before its user.
program main
    use greet
    implicit none
    call say()
end program main
