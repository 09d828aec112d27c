module main;
    initial undefined_thing = 1;
endmodule
