# Summarises `jfr print --stack-depth 64 --events jdk.ExecutionSample`: the methods most often on top of the
# stack (self time) and the Momentum/Vert.x Web/Lettuce/Jackson frames most often anywhere on it (inclusive).
function frame(line) {
  sub(/^[ \t]+/, "", line); sub(/[ \t]+line:.*/, "", line); return line
}
/stackTrace = \[/ { in_stack = 1; depth = 0; samples++; delete seen; next }
in_stack && /^[ \t]*\]/ { in_stack = 0; next }
in_stack {
  method = frame($0)
  if (method == "...") next
  if (depth++ == 0) self[method]++
  if (method ~ /^(io\.momentum|io\.vertx\.ext\.web|io\.lettuce|com\.fasterxml)/ && !(method in seen)) { seen[method] = 1; inclusive[method]++ }
}
END {
  printf "%d execution samples\n\nself (top of stack):\n", samples
  for (m in self) printf "%6.2f%%  %s\n", 100 * self[m] / samples, m | "sort -rn | head -20"
  close("sort -rn | head -20")
  printf "\ninclusive (anywhere on the stack; Momentum, Vert.x Web, Lettuce, Jackson):\n"
  for (m in inclusive) printf "%6.2f%%  %s\n", 100 * inclusive[m] / samples, m | "sort -rn | head -25"
  close("sort -rn | head -25")
}
