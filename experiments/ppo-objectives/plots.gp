# Figures of the ppo-objectives experiment (C9), for either suite: columns are read by header name.
# Usage: gnuplot -e "dir='results/ppo-objectives'" experiments/ppo-objectives/plots.gp
#        gnuplot -e "dir='results/ppo-objectives-mujoco'" experiments/ppo-objectives/plots.gp
if (!exists("dir")) dir = 'results/ppo-objectives'
set datafile separator comma
set datafile missing ""
set datafile columnheaders
set grid lc rgb "#dddddd"
settings = "none clip-0.1 clip-0.2 clip-0.3 adaptive-kl-0.003 adaptive-kl-0.01 adaptive-kl-0.03 fixed-kl-0.3 fixed-kl-1 fixed-kl-3 fixed-kl-10"
# Families by colour: none black, clipping blues, adaptive KL greens, fixed KL reds; width marks clip-0.2.
colour(s) = s eq "none" ? "#000000" : s eq "clip-0.1" ? "#9ecae1" : s eq "clip-0.2" ? "#2171b5" : s eq "clip-0.3" ? "#08306b" : \
            s eq "adaptive-kl-0.003" ? "#a1d99b" : s eq "adaptive-kl-0.01" ? "#41ab5d" : s eq "adaptive-kl-0.03" ? "#00441b" : \
            s eq "fixed-kl-0.3" ? "#fcbba1" : s eq "fixed-kl-1" ? "#fb6a4a" : s eq "fixed-kl-3" ? "#cb181d" : "#67000d"
width(s) = s eq "clip-0.2" ? 2.5 : 1.2
# The task list, read from tasks.csv's first column.
tasklist = system("tail -n +2 ".dir."/tasks.csv | cut -d, -f1 | tr '\\n' ' '")
# Panels: three per row, as many rows as the tasks need.
rows = int((words(tasklist) + 2) / 3)
suite = strstrt(dir, "mujoco") > 0 ? "MuJoCo tasks" : "classic-control tasks"

# 1. Learning curves: mean over seeds of the last-100-episode mean return, one panel per task.
set terminal pdfcairo size 8,2.75*rows font "Helvetica,11"
set output dir.'/figures/learning-curves.pdf'
set multiplot layout rows,3 title "C9 (".suite."): learning curves (mean over seeds of the mean return of the last 100 episodes)"
set format x "%.0s%c"
set xlabel "environment steps"
# Four x intervals whatever the budget (the step of the last curve point, read from the data).
maxstep = real(system("tail -n +2 ".dir."/curves-mean.csv | cut -d, -f3 | sort -n | tail -1"))
set xtics maxstep/4
first = word(tasklist, 1)
do for [e in tasklist] {
    set title e
    if (e eq first) { set key bottom right font ",7" box opaque } else { set key off }
    plot for [s in settings] dir.'/curves-mean.csv' using (strcol("environment") eq e && strcol("setting") eq s ? column("step") : NaN):(column("mean")) \
         w l lw width(s) lc rgb colour(s) t s
}
unset multiplot

# 2. Diagnostics: mean KL(π_old‖π_new) and clip fraction per update, one panel per task.
do for [what in "mean_kl clip_fraction"] {
    set output dir.'/figures/'.what.'.pdf'
    set multiplot layout rows,3 title (what eq "mean_kl" ? "C9: mean KL(π_{old} ‖ π_{new}) per update (mean over seeds)" \
                                                    : "C9: fraction of samples with |r − 1| > ε (ε of the setting, 0.2 without clipping)")
    set xlabel "environment steps"
    if (what eq "mean_kl") { set logscale y; set format y "10^{%L}" } else { unset logscale y; set format y "%.1f" }
    do for [e in tasklist] {
        set title e
        if (e eq first) { set key top right font ",7" box opaque } else { set key off }
        plot for [s in settings] dir.'/diagnostics.csv' using (strcol("environment") eq e && strcol("setting") eq s ? column("steps") : NaN):(column(what)) \
             w l lw width(s) lc rgb colour(s) t s
    }
    unset multiplot
}
unset logscale y; set format y "%g"

# 3. Aggregate scores: the paper's average normalised score, ours, and our IQM with its interval.
set terminal pdfcairo size 5.5in,3.3in font "Helvetica,10"
set output dir.'/figures/scores.pdf'
set title "C9 (".suite."): normalised scores per setting (random policy 0, best setting 1 per task)"
set xtics rotate by 35 right font ",8"
set format x "%g"
unset xlabel
set ylabel "normalised score"
set key top left font ",8" box opaque
set xrange [-0.5:10.5]
plot dir.'/table.csv' using ($0-0.2):(column("paper_score")):xtic(strcol("setting")) w p pt 7 ps 0.8 lc rgb "#999999" t "paper (7 MuJoCo tasks)", \
     '' using ($0):(column("average_normalized_score")) w p pt 5 ps 0.8 lc rgb "#2171b5" t "ours: average", \
     '' using ($0+0.2):(column("iqm")):(column("iqm_low")):(column("iqm_high")) w yerrorbars pt 9 ps 0.8 lc rgb "#cb181d" t "ours: IQM, 95% CI"
unset xrange; set xtics norotate

# 4. Performance profiles.
set output dir.'/figures/profiles.pdf'
set title "C9 (".suite."): performance profiles (fraction of runs with normalised score > τ)"
set xlabel "τ"; set ylabel "fraction of runs"
set key bottom left font ",7" box opaque
set yrange [0:1.02]
plot for [s in settings] dir.'/profiles.csv' using (strcol("setting") eq s ? column("tau") : NaN):(column("fraction_above")) w l lw width(s) lc rgb colour(s) t s
