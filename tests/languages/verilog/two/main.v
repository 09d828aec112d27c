// Two-file case: the module greet is in greet.v.
module main;
    greet g();
endmodule
