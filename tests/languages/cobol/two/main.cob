*> Two-file case: the program GREET is in greet.cob.
IDENTIFICATION DIVISION.
PROGRAM-ID. twofiles.
PROCEDURE DIVISION.
    CALL "GREET"
    STOP RUN.
