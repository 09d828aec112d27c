program main
    implicit none
    print *, undefined_thing
end program main
