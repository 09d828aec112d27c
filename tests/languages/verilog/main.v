// Icarus Verilog: stdin, stdout and stderr are the descriptors 32'h8000_0000,
// _0001 and _0002. Plain program arguments and an exit status do not exist for
// a design (SPEC.md's waivers).
module main;
    reg [8*256-1:0] line;
    integer n;

    initial begin
        $display("coderun conformance");
        line = 0;
        n = $fgets(line, 32'h8000_0000);
        if (line[7:0] == 8'h0a)
            line = line >> 8;
        $display("stdin: %0s", line);
        $fdisplay(32'h8000_0002, "to stderr");
        $finish;
    end
endmodule
