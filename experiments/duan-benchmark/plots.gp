# Figures of the duan-benchmark experiment (C15); columns are read by header name.
# Usage: gnuplot -e "dir='results/duan-benchmark'" experiments/duan-benchmark/plots.gp
#        gnuplot -e "dir='results/duan-benchmark-paper'" experiments/duan-benchmark/plots.gp
#
# learning-curves.pdf: one panel per row (task, or task and variant: LS limited sensors, NO+DA noisy
#   observations and delayed actions, SI system identification): per algorithm the mean over
#   seeds of each iteration's average return, with a band of mean ± 1.96 standard errors.
# ranking.pdf: per row, each algorithm's rank by Duan et al.'s metric (1 = best). Duan et al.'s own
#   Table 1 could not be read here (see experiments/duan-benchmark/paper-conclusions.csv), so their
#   ranking enters only as the conclusions the verdicts test, not as points.
# Print size: 6.5in wide canvases, text ≥ 8 pt at that size (fontscale 0.75). The same algorithm has
# the same colour and point type in every panel (Okabe-Ito colours).
if (!exists("dir")) dir = 'results/duan-benchmark'
set datafile separator comma
set datafile missing ""
set datafile columnheaders
set tics font ",9"
set key font ",9" samplen 2.5 noautotitle
set grid lc rgb "#dddddd"
algorithms = "reinforce tnpg erwr reps trpo cem cmaes ddpg"
names = "REINFORCE TNPG RWR REPS TRPO CEM CMA-ES DDPG"
colours = "#000000 #E69F00 #56B4E9 #009E73 #D55E00 #0072B2 #CC79A7 #999999"
# The rows, read from ranking.csv in order of appearance, as "task|variant".
rowlist = ""
stats dir.'/ranking.csv' using (r = strcol("task")."|".strcol("variant"), strstrt(" ".rowlist, " ".r." ") == 0 ? rowlist = rowlist.r." " : 0, 0) nooutput
nrows = words(rowlist)
taskof(r) = r[1:strstrt(r, "|") - 1]
variantof(r) = r[strstrt(r, "|") + 1:]
short(v) = v eq "limited-sensors" ? "LS" : v eq "noisy-delayed" ? "NO+DA" : v eq "system-identification" ? "SI" : v
title(r) = variantof(r) eq "full" ? taskof(r) : taskof(r)." ".short(variantof(r))
isrow(r) = strcol("task") eq taskof(r) && strcol("variant") eq variantof(r)
cols = 3
stats dir.'/curves.csv' using "iteration" name "IT" nooutput
itstep = IT_max <= 5 ? 1 : int(ceil(IT_max / 4.0))
prows = int(ceil(nrows / (1.0 * cols)))

set terminal pdfcairo size 6.5in,(1.9 * prows + 0.6)in font "Helvetica,10" fontscale 0.75 linewidth 1.2
set output dir.'/figures/learning-curves.pdf'
set multiplot layout (prows + 1), cols margins 0.07, 0.99, 0.04, 0.97 spacing 0.075, 0.09
set xlabel "iteration" offset 0, 0.5
set xtics itstep
set ytics format "%.4g"
# Every panel's y axis is the average return of the iteration's paths (the caption says so).
do for [k = 1:nrows] {
  r = word(rowlist, k)
  set title title(r) font ",9" noenhanced
  plot for [j = 1:words(algorithms)] dir.'/curves.csv' \
         using (isrow(r) && strcol("algorithm") eq word(algorithms, j) ? column("iteration") : NaN):"low":"high" \
         with filledcurves lc rgb word(colours, j) fs transparent solid 0.15 noborder, \
       for [j = 1:words(algorithms)] dir.'/curves.csv' \
         using (isrow(r) && strcol("algorithm") eq word(algorithms, j) ? column("iteration") : NaN):"mean" \
         with lines lc rgb word(colours, j) lw 1.4
}
# The key, in a panel of its own.
unset title; unset xlabel; unset ylabel; unset tics; unset border; unset grid
set key center center horizontal maxcols 4 font ",9"
set xrange [0:1]; set yrange [0:1]
plot for [j = 1:words(algorithms)] NaN with lines lc rgb word(colours, j) lw 1.4 title word(names, j)
unset multiplot

reset
set datafile separator comma
set datafile missing ""
set datafile columnheaders
set terminal pdfcairo size 6.5in,(0.28 * nrows + 1.4)in font "Helvetica,10" fontscale 0.75 linewidth 1.2
set output dir.'/figures/ranking.pdf'
set tics font ",9"
set grid xtics lc rgb "#dddddd"
set xrange [0.5:8.5]
set xtics 1
set xlabel "rank by Duan et al.'s metric (1 = best)"
set yrange [nrows + 0.5:0.5]
set ytics () font ",8"
do for [k = 1:nrows] { set ytics add (title(word(rowlist, k)) k) }
set ytics noenhanced
set lmargin 34
set key outside top center horizontal maxcols 8 font ",9" samplen 1
rowindex(t, v) = (ri = 0, sum [ri_k = 1:nrows] (word(rowlist, ri_k) eq t."|".v ? ri_k : 0))
plot for [j = 1:words(algorithms)] dir.'/ranking.csv' \
       using (strcol("algorithm") eq word(algorithms, j) ? column("rank") : NaN):(rowindex(strcol("task"), strcol("variant"))) \
       with points pt (j + 4) ps 0.9 lc rgb word(colours, j) title word(names, j)
