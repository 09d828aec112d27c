# Two-file case: greeting is in greet.cr, which require finds by its path.
require "./greet"

puts greeting
