# Figures of the ppo-objectives experiment (C9), for either suite: columns are read by header name.
# Usage: gnuplot -e "dir='results/ppo-objectives'" experiments/ppo-objectives/plots.gp
#        gnuplot -e "dir='results/ppo-objectives-mujoco'" experiments/ppo-objectives/plots.gp
#
# Print size: every canvas is 6.5in wide, the width at which the report includes it (at natural
# size), and every text is at least 8 pt there (fontscale 0.75: a font's nominal size is its printed
# size; labels 10 pt, ticks and keys 9 pt, sub/superscripts 8 pt). Keys sit outside the plots.
#
# The eleven settings are told apart twice over: small multiples by family (one column each for
# clipping, adaptive KL and fixed KL; "none" is drawn in every panel as a grey baseline, and clip-0.2,
# the paper's best setting, as a thin black reference in the KL columns), and inside a family by
# colour and dash type. The same setting has the same style in every figure.
if (!exists("dir")) dir = 'results/ppo-objectives'
set datafile separator comma
set datafile missing ""
set datafile columnheaders
set terminal pdfcairo size 6.5in,8.4in font "Helvetica,10" fontscale 0.75 linewidth 1.2
set tics font ",9"
set key font ",9" samplen 2.5 spacing 1.05 noautotitle
set grid lc rgb "#dddddd"
logfmt = "10^{/=8 %L}"
settings = "none clip-0.1 clip-0.2 clip-0.3 adaptive-kl-0.003 adaptive-kl-0.01 adaptive-kl-0.03 fixed-kl-0.3 fixed-kl-1 fixed-kl-3 fixed-kl-10"
families = "clip adaptive-kl fixed-kl"
familyname(f) = f eq "clip" ? "clipping (ε_{/=8 clip})" : f eq "adaptive-kl" ? "adaptive KL penalty (d_{/=8 targ})" : "fixed KL penalty (β)"
# The settings of family f, in order; the parameter of setting s (the text after the family's prefix).
members(f) = f eq "clip" ? "clip-0.1 clip-0.2 clip-0.3" : f eq "adaptive-kl" ? "adaptive-kl-0.003 adaptive-kl-0.01 adaptive-kl-0.03" \
                                                      : "fixed-kl-0.3 fixed-kl-1 fixed-kl-3 fixed-kl-10"
param(s) = s[strstrt(s, "-kl-") > 0 ? strstrt(s, "-kl-") + 4 : strstrt(s, "-") + 1:]
familyof(s) = s eq "none" ? "none" : s[1:strlen(s) - strlen(param(s)) - 1]
rank(s) = (rk_m = members(familyof(s)), sum [rk_j=1:words(rk_m)] (word(rk_m, rk_j) eq s ? rk_j : 0))
# Style of setting s: none grey, clip-0.2 black (the paper's best); the others by their rank inside
# their family: blue solid, vermillion dashed, green dash-dot, purple dash-dot-dot (Okabe-Ito).
colour(s) = s eq "none" ? "#888888" : s eq "clip-0.2" ? "#000000" : word("#0072B2 #D55E00 #009E73 #CC79A7", rank(s))
dash(s) = s eq "none" || s eq "clip-0.2" ? 1 : rank(s) == 1 ? 1 : rank(s) == 2 ? 2 : rank(s) == 3 ? 4 : 5
width(s) = s eq "clip-0.2" ? 2.2 : s eq "none" ? 1.6 : 1.6
setlabel(s) = s eq "none" ? "none (baseline)" : familyof(s) eq "clip" ? "ε_{/=8 clip} = ".param(s) : \
              familyof(s) eq "adaptive-kl" ? "d_{/=8 targ} = ".param(s) : "β = ".param(s)
shortlabel(s) = s eq "none" ? "none" : familyof(s) eq "clip" ? "clip\n".param(s) : familyof(s) eq "adaptive-kl" ? "adapt. KL\n".param(s) : "fixed KL\n".param(s)
ismember(s, f) = strstrt(" ".members(f)." ", " ".s." ") > 0
# The settings drawn in family f's panels: its members, "none", and clip-0.2 as a reference.
drawn(f) = "none ".(f eq "clip" ? "" : "clip-0.2 ").members(f)
# The task list, read from tasks.csv's environment column, in order of appearance.
tasklist = ""
stats dir.'/tasks.csv' using (e = strcol("environment"), strstrt(" ".tasklist, " ".e." ") == 0 ? tasklist = tasklist.e." " : 0, 0) nooutput
ntasks = words(tasklist)
suite = strstrt(dir, "mujoco") > 0 ? "MuJoCo tasks" : "classic-control tasks"
# Tick spacing: about a quarter (or third) of a range, rounded to one significant digit.
round(x) = floor(x + 0.5)
nicetick(x, n) = (b = 10**floor(log10(x/n)), (round(x/n/b) < 1 ? 1 : round(x/n/b)) * b)

# ---- Panel grid: rows = tasks, columns = families; geometry in screen fractions.
# The canvas height grows with the number of tasks: 0.95in per row plus 1.8in of headers and axes.
rowheight = 0.95; headheight = 1.3; footheight = 0.5
canvasheight = ntasks * rowheight + headheight + footheight
gl = 0.115; gr = 0.985; ggap = 0.045
colL(c) = gl + (c-1) * (gr - gl + ggap) / 3
colR(c) = colL(c) + (gr - gl + ggap) / 3 - ggap
rowT(r) = 1 - (headheight + (r-1) * rowheight + 0.22) / canvasheight
rowB(r) = 1 - (headheight + r * rowheight) / canvasheight

# One grid figure: quantity q ("curves", "mean_kl" or "clip_fraction").
do for [q in "curves mean_kl clip_fraction"] {
    file = q eq "curves" ? dir.'/curves-mean.csv' : dir.'/diagnostics.csv'
    xcol = q eq "curves" ? "step" : "steps"
    ycol = q eq "curves" ? "mean" : q
    set output dir.'/figures/'.(q eq "curves" ? "learning-curves" : q).'.pdf'
    set terminal pdfcairo size 6.5in, canvasheight*1.0in
    set multiplot
    # Four x intervals whatever the budget (the last step, read from the data).
    set autoscale xy
    stats file using (column(xcol)) nooutput
    maxstep = STATS_max
    set xrange [0:maxstep]; set xtics nicetick(maxstep, 4); set mxtics 2
    do for [r=1:ntasks] {
        e = word(tasklist, r)
        # One y range per row (all three families), from every setting's values on task e.
        set autoscale y
        if (q eq "curves") {
            stats file using (strcol("environment") eq e ? column("min") : NaN) nooutput; lo = STATS_min
            stats file using (strcol("environment") eq e ? column("max") : NaN) nooutput; hi = STATS_max
        } else {
            stats file using (strcol("environment") eq e && column(ycol) > 0 ? column(ycol) : NaN) nooutput
            lo = STATS_min; hi = STATS_max
        }
        if (q eq "mean_kl") {
            set logscale y; set format y logfmt
            lo = 10**floor(log10(lo)); hi = 10**ceil(log10(hi))
            set ytics 10**(ceil(log10(hi/lo)/3.0) < 1 ? 1 : ceil(log10(hi/lo)/3.0)); set mytics 1
        } else {
            unset logscale y; set format y "%g"
            pad = 0.05 * (hi - lo); lo = lo - pad; hi = hi + pad
            set ytics nicetick(hi - lo, 3); set mytics 2
        }
        set yrange [lo:hi]
        do for [c=1:3] {
            f = word(families, c)
            set lmargin at screen colL(c); set rmargin at screen colR(c)
            set tmargin at screen rowT(r); set bmargin at screen rowB(r)
            unset label
            if (c == 1) { set label 1 e at graph 0, graph 1.13 left font ",10" } 
            set format x (r == ntasks ? "%.0s%c" : "")
            if (c > 1) { set format y "" } else { if (q eq "mean_kl") { set format y logfmt } else { set format y "%g" } }
            if (q eq "curves") {
                plot for [s in drawn(f)] file using (strcol("environment") eq e && strcol("setting") eq s && ismember(s, f) ? column(xcol) : NaN):(column("min")):(column("max")) \
                        w filledcurves lc rgb colour(s) fs transparent solid 0.18 noborder, \
                     for [s in drawn(f)] file using (strcol("environment") eq e && strcol("setting") eq s ? column(xcol) : NaN):(column(ycol)) \
                        w l lc rgb colour(s) dt dash(s) lw (s eq "clip-0.2" && f ne "clip" ? 1.2 : width(s))
            } else {
                if (q eq "mean_kl" && f eq "adaptive-kl") {
                    plot for [s in drawn(f)] file using (strcol("environment") eq e && strcol("setting") eq s ? column(xcol) : NaN):(column(ycol)) \
                            w l lc rgb colour(s) dt dash(s) lw (s eq "clip-0.2" ? 1.2 : width(s)), \
                         for [s in members(f)] param(s)+0 w l lc rgb colour(s) dt 3 lw 1.5
                } else {
                    plot for [s in drawn(f)] file using (strcol("environment") eq e && strcol("setting") eq s ? column(xcol) : NaN):(column(ycol)) \
                            w l lc rgb colour(s) dt dash(s) lw (s eq "clip-0.2" && f ne "clip" ? 1.2 : width(s))
                }
            }
        }
    }
    # Headers: the figure's y quantity at the left, each family's name and key above its column.
    unset label; unset logscale; unset border; unset tics; unset grid; unset xlabel; unset ylabel
    set xrange [0:1]; set yrange [0:1]
    set lmargin at screen 0; set rmargin at screen 1; set tmargin at screen 1; set bmargin at screen 0
    set label 1 (q eq "curves" ? "mean return of the last 100 episodes" : \
                 q eq "mean_kl" ? "mean KL(π_{/=8 old} ‖ π_{/=8 new}) per update" : \
                                  "fraction of samples with |r_{/=8 t}(θ) − 1| > ε_{/=8 clip}") \
        at screen 0.012, screen (rowT(1) + rowB(ntasks))/2 center rotate by 90 font ",10"
    set label 2 "environment steps" at screen (gl + gr)/2, screen 0.1/canvasheight center font ",10"
    key_y = 1 - 0.05/canvasheight
    plot NaN
    do for [c=1:3] {
        f = word(families, c)
        unset label
        set label 3 familyname(f) at screen (colL(c) + colR(c))/2, screen 1 - 0.12/canvasheight center font ",10"
        set lmargin at screen colL(c); set rmargin at screen colR(c)
        set tmargin at screen 1 - 0.22/canvasheight; set bmargin at screen rowT(1) + 0.22/canvasheight
        set key at graph 0, graph 1 left top vertical Left reverse
        if (q eq "mean_kl" && f eq "adaptive-kl") {
            plot for [s in members(f)." none"] NaN w l lc rgb colour(s) dt dash(s) lw width(s) t setlabel(s), \
                 NaN w l lc rgb "#000000" lw 1.2 t "ε_{/=8 clip} = 0.2 (reference)", \
                 NaN w l lc rgb "#555555" dt 3 lw 1.5 t "dotted: the target d_{/=8 targ}"
        } else {
            plot for [s in members(f)." none"] NaN w l lc rgb colour(s) dt dash(s) lw width(s) t setlabel(s), \
                 (f eq "clip" ? NaN : NaN) w l lc rgb "#000000" lw 1.2 t (f eq "clip" ? "" : "ε_{/=8 clip} = 0.2 (reference)")
        }
    }
    unset multiplot
    unset label; set border; set tics; set tics font ",9"; set grid lc rgb "#dddddd"; set key default
    set key font ",9" samplen 2.5 spacing 1.05 noautotitle
    set margins -1, -1, -1, -1
    unset logscale y; set format y "%g"; set format x "%g"; set autoscale xy; set xtics autofreq; set ytics autofreq
}

# ---- Aggregate scores: the paper's average normalised score, ours, and our IQM with its interval,
#      one category per setting on the x axis (the setting's parameter; its family named below).
set terminal pdfcairo size 6.5in,3.2in
set output dir.'/figures/scores.pdf'
set ylabel "normalised score"
set xtics () font ",9" scale 0
set xrange [-0.6:10.6]
set format y "%.1f"; set ytics 0.25
set grid noxtics ytics
set key outside top center horizontal Left reverse width 1
set lmargin 9; set bmargin 4.5
xparam(s) = s eq "none" ? "none" : param(s)
# Family names under their settings, and a thin separator between families.
set label 11 "clipping (ε_{/=8 clip})" at first 2, graph -0.19 center font ",9"
set label 12 "adaptive KL (d_{/=8 targ})" at first 5, graph -0.19 center font ",9"
set label 13 "fixed KL (β)" at first 8.5, graph -0.19 center font ",9"
do for [x in "0.5 3.5 6.5"] { set arrow from x+0, graph 0 to x+0, graph -0.23 nohead lc rgb "#999999" }
do for [x in "0.5 3.5 6.5"] { set arrow from x+0, graph 0 to x+0, graph 1 nohead lc rgb "#dddddd" }
plot dir.'/table.csv' using ($0):(NaN):xtic(xparam(strcol("setting"))), \
     0 w l lc rgb "#888888" dt 2 lw 1.5 t "random policy (0)", \
     1 w l lc rgb "#888888" dt 3 lw 1.5 t "best setting per task (1)", \
     dir.'/table.csv' using ($0-0.22):(column("paper_score")) w p pt 13 ps 1.0 lc rgb "#777777" t "paper (7 MuJoCo tasks)", \
     '' using ($0):(column("average_normalized_score")) w p pt 5 ps 0.8 lc rgb "#0072B2" t "ours: average", \
     '' using ($0+0.22):(column("iqm")):(column("iqm_low")):(column("iqm_high")) w yerrorbars pt 7 ps 0.7 lc rgb "#D55E00" t "ours: IQM, 95% interval"
unset label; unset arrow
unset xrange; set xtics autofreq scale default; set grid xtics ytics; set ytics autofreq; set lmargin -1; set bmargin -1

# ---- Performance profiles, one panel per family ("none" and clip-0.2 as references).
set terminal pdfcairo size 6.5in,3.6in
set output dir.'/figures/profiles.pdf'
set multiplot
set yrange [0:1.02]; set format y "%.1f"; set ytics 0.2
set format x "%g"; set xrange [-1:1.25]; set xtics 0.5
do for [c=1:3] {
    f = word(families, c)
    set lmargin at screen colL(c); set rmargin at screen colR(c)
    set tmargin at screen 0.91; set bmargin at screen 0.5
    set xlabel "normalised score threshold" offset 0, 0.2
    if (c == 1) { set ylabel "fraction of runs above"; set format y "%.1f" } else { unset ylabel; set format y "" }
    set title familyname(f) font ",10"
    set key at screen colL(c), screen 0.32 left top vertical Left reverse
    plot for [s in drawn(f)] dir.'/profiles.csv' using (strcol("setting") eq s ? column("tau") : NaN):(column("fraction_above")) \
            w l lc rgb colour(s) dt dash(s) lw (s eq "clip-0.2" && f ne "clip" ? 1.2 : width(s)) \
            t (s eq "clip-0.2" && f ne "clip" ? "ε_{/=8 clip} = 0.2 (reference)" : setlabel(s))
}
unset multiplot
