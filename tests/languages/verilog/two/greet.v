module greet;
    initial $display("coderun two files");
endmodule
