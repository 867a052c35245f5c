# Summarises async-profiler's collapsed stacks ("thread;frame;...;frame count", recorded with the
# `threads` option): CPU by thread group, the hottest frames (self) and the Momentum frames on the stack.
{
  count = $NF
  sub(/ [0-9]+$/, "")
  n = split($0, frames, ";")
  total += count
  group = frames[1]
  gsub(/\[|\]| tid=[0-9]+/, "", group)
  gsub(/[-#]?[0-9]+$/, "", group)
  threads[group] += count
  self[frames[n]] += count
  delete seen
  for (i = 2; i <= n; i++) {
    if (frames[i] ~ /^io\/momentum\// && !(frames[i] in seen)) { seen[frames[i]] = 1; momentum[frames[i]] += count }
  }
}
END {
  printf "%d CPU samples\n\nby thread:\n", total
  for (t in threads) printf "%6.2f%%  %s\n", 100 * threads[t] / total, t | "sort -rn | head -12"
  close("sort -rn | head -12")
  printf "\nself (top of stack; _[k] = kernel):\n"
  for (m in self) printf "%6.2f%%  %s\n", 100 * self[m] / total, m | "sort -rn | head -25"
  close("sort -rn | head -25")
  printf "\nMomentum code anywhere on the stack (inclusive):\n"
  for (m in momentum) printf "%6.2f%%  %s\n", 100 * momentum[m] / total, m | "sort -rn | head -25"
  close("sort -rn | head -25")
}
