# names.sh: lists /box; sent with hostile file names (../x, /etc/x, empty, ., NUL, newline, 4 KB, duplicates, 10,000 files). Safe: each such request is refused as bad_request, nothing is written.
cd /box && find . -mindepth 1 | LC_ALL=C sort
