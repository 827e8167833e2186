# Figures of the special-cases experiment (C6, C7, C8).
# Columns are read by header name (column("name"), strcol("name")), never by position.
# Usage: gnuplot -e "dir='results/special-cases'" experiments/special-cases/plots.gp
#
# Print size: four separate figures, each on a canvas 3.2in wide, the width at which the report
# includes it (two side by side, at natural size), and every text at least 8 pt there (fontscale
# 0.75: a font's nominal size is its printed size; labels 10 pt, ticks and keys 9 pt, sub- and
# superscripts 8 pt). Keys sit below the plots, never over the data.
if (!exists("dir")) dir = 'results/special-cases'
set datafile separator comma
set datafile missing ""
set datafile columnheaders
set terminal pdfcairo size 3.2in,3.1in font "Helvetica,10" fontscale 0.75 linewidth 1.2
set tics font ",9"
set key font ",9" samplen 2 spacing 1.1 noautotitle
set key outside below center horizontal Left reverse width 0
set grid lc rgb "#dddddd"
logfmt = "10^{/=8 %L}"
gammas = "0.5 0.7 0.9 0.95 0.99 0.999"
# Series styles shared by several figures: γ label, one colour and point type per γ (Okabe-Ito),
# reference-line colour, filled and open points.
glabel(g) = "γ = ".g
palette = "#0072B2 #D55E00 #009E73 #CC79A7 #E69F00 #56B4E9 #000000"
colour(i) = word(palette, (i-1) % 7 + 1)
gpoint(i) = word("7 5 9 11 13 15", i) + 0
gdash(i) = i <= 3 ? 1 : 2
refcolour = "black"
ptfilled = 7; ptopen = 6

# 1. REPS: the temperature eta* its dual picks, relative to the theorem's C_pi, against the KL budget.
set output dir.'/figures/reps.pdf'
set logscale xy; set format x logfmt; set format y logfmt
set xlabel "REPS KL budget δ"; set ylabel "η* / C_{/=8 π}"
plot for [i=1:words(gammas)] dir.'/reps.csv' using (column("gamma") == word(gammas,i)+0 ? column("kl_budget") : NaN):(column("eta_over_c_theorem")) \
        w p pt gpoint(i) ps 0.45 lc rgb colour(i) t glabel(word(gammas,i)), \
     1 w l lc rgb refcolour lw 2 t "η* = C_{/=8 π}"

# 2. PPO: the realised ratio interval of each update, against 1 - gamma, per divisor k.
set output dir.'/figures/ppo.pdf'
set terminal pdfcairo size 3.2in,3.6in
set xrange [0.6:0.0007]
set yrange [1e-4:1e3]
set xlabel "1 − γ"; set ylabel "ratio π_{/=8 new} / π_{/=8 old}"
kappas = "1 100 10000 1000000"
set key maxcols 1
klabel(i) = i == 1 ? "k = 1" : i == 2 ? "k = 10^{/=8 2}" : i == 3 ? "k = 10^{/=8 4}" : "k = 10^{/=8 6}"
set object 1 rect from graph 0, first 0.8 to graph 1, first 1.2 fc rgb "#bbbbbb" fs solid 0.5 noborder behind
plot for [i=1:words(kappas)] dir.'/ppo-ratios.csv' using (column("kappa") == word(kappas,i)+0 ? 1-column("gamma") : NaN):(column("ratio_max")) \
        w p pt ptfilled ps 0.45 lc rgb colour(i), \
     for [i=1:words(kappas)] dir.'/ppo-ratios.csv' using (column("kappa") == word(kappas,i)+0 ? 1-column("gamma") : NaN):(column("ratio_min") > 1e-4 ? column("ratio_min") : 1e-4) \
        w p pt ptopen ps 0.45 lc rgb colour(i), \
     for [i=1:words(kappas)] NaN w p pt ptfilled ps 0.7 lc rgb colour(i) t klabel(i), \
     NaN w p pt ptfilled ps 0.6 lc rgb "black" t "largest ratio", \
     NaN w p pt ptopen ps 0.6 lc rgb "black" t "smallest (floor 10^{/=8 −4})", \
     NaN w boxes fs solid 0.5 lc rgb "#bbbbbb" t "clip range 1 ± 0.2"
unset object 1; set key maxcols auto
set autoscale x; set autoscale y
set terminal pdfcairo size 3.2in,3.1in

# 3. Soft policy iteration: distance to the soft-optimal Q*, temperature τ = 0.1, per instance.
set output dir.'/figures/soft.pdf'
unset logscale x; set format x "%g"
set xlabel "iteration j"; set ylabel "‖Q^{/=8 soft}_{/=8 j} − Q*‖_{/=8 ∞}"
set yrange [1e-16:*]
plot for [i=1:words(gammas)] dir.'/soft-convergence.csv' using (column("gamma") == word(gammas,i)+0 && column("temperature") == 0.1 ? column("iteration") : NaN):(column("distance_to_optimum") > 1e-16 ? column("distance_to_optimum") : 1e-16) \
        w l lw 1.5 lc rgb colour(i) dt gdash(i) t glabel(word(gammas,i))
set autoscale y

# 4. Multi-agent: the change in J, sequential against simultaneous updates (random games).
set output dir.'/figures/games.pdf'
unset logscale; set format x "%g"; set format y "%g"; set xtics 200
set xlabel "ΔJ, one agent at a time"; set ylabel "ΔJ, both agents at once"
set key maxcols 1
plot dir.'/games.csv' using (strcol("game") eq "random" && strcol("kappa") eq "greedy" ? column("delta_j_sequential") : NaN):(column("delta_j_simultaneous")) \
        w p pt ptfilled ps 0.35 lc rgb colour(1) t "random games, greedy limit (k = ∞)", \
     dir.'/games.csv' using (strcol("game") eq "random" && strcol("kappa") eq "1000000.0" ? column("delta_j_sequential") : NaN):(column("delta_j_simultaneous")) \
        w p pt ptopen ps 0.4 lc rgb colour(2) t "random games, k = 10^{/=8 6}", \
     0 w l lc rgb refcolour lw 2 t "ΔJ = 0: below it, J is lowered"
