# disconnect.py MODE PORT: sends a job that prints "started" and then sleeps 14 s to
# the executor on 127.0.0.1:PORT, the way a client that goes away would:
#   http       POST over HTTP/1.1, close the socket after HOLD seconds
#   raw        raw JSON, close the socket after HOLD seconds
#   raw-half   raw JSON, then shutdown(SHUT_WR) like `nc -N`, then read the whole
#              reply (the job here is short) and print it
#   raw-half-close  raw JSON with two tests (the second prints a line every
#              100 ms for 14 s: output must not put the probe off), then
#              shutdown(SHUT_WR), read the executor's first probe byte, and close
#              HOLD seconds later, while the second test's stage runs: a peer that
#              sent its FIN sends nothing more when it closes
# HOLD is 1 s, long enough for the job to be running.
import json, socket, sys, time

mode, port = sys.argv[1], int(sys.argv[2])
long_job = {"language": "bash", "version": "*", "run_timeout": 15000,
            "files": [{"content": "echo started; sleep 14; echo finished"}]}
short_job = {"language": "bash", "version": "*",
             "files": [{"content": "sleep 1; echo finished"}]}
s = socket.create_connection(("127.0.0.1", port))
if mode == "http":
    body = json.dumps(long_job).encode()
    s.sendall(b"POST /api/v2/execute HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
              b"Content-Length: %d\r\n\r\n" % len(body) + body)
elif mode == "raw":
    s.sendall(json.dumps(long_job).encode())
elif mode == "raw-half-close":
    tests_job = {"language": "bash", "version": "*", "run_timeout": 15000,
                 "files": [{"content": '[ "$1" = 0 ] && exit; for i in $(seq 140); do echo tick; sleep 0.1; done'}],
                 "tests": [{"args": ["0"]}, {"args": ["14"]}]}
    s.sendall(json.dumps(tests_job).encode())
    s.shutdown(socket.SHUT_WR)
    if s.recv(1) != b" ":
        sys.exit("expected the one-space probe first")
    time.sleep(1)
    s.close()
    sys.exit(0)
elif mode == "raw-half":
    s.sendall(json.dumps(short_job).encode())
    s.shutdown(socket.SHUT_WR)
    data = b""
    while chunk := s.recv(65536):
        data += chunk
    sys.stdout.write(data.decode())
    sys.exit(0)
time.sleep(1)
s.close()
