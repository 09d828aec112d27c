module greet
    implicit none
contains
    subroutine say()
        print '(a)', 'coderun two files'
    end subroutine say
end module greet
