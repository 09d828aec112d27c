def greeting
  "coderun two files"
end
