# Shared by check-slurm.sh and check-parallel.sh (sourced; each defines die_usage first).

# check_folder NAME DIR: an optional --output/--reference folder must not contain white space and,
# if it exists, must be an empty folder.
check_folder() {
    local name=$1 dir=$2
    [[ -z $dir ]] && return 0
    [[ $dir =~ [[:space:]] ]] && die_usage "$name '$dir' contains white space (the checks pass paths to sbatch and parallel unquoted)"
    if [[ -e $dir ]]; then
        [[ -d $dir ]] || die_usage "$name '$dir' exists and is not a folder"
        [[ -z $(ls -A "$dir") ]] || die_usage "$name '$dir' is not empty (existing trial files would be reused, not checked)"
    fi
}

# check_output_folders: the checks on --output and --reference both scripts make, then both made absolute.
check_output_folders() {
    check_folder --output "$output"
    check_folder --reference "$reference"
    [[ -n $output ]] && output=$(realpath -m "$output")
    [[ -n $reference ]] && reference=$(realpath -m "$reference")
    [[ -n $output && $output == "$reference" ]] && die_usage "--output and --reference are the same folder '$output'"
    return 0
}

now() { date +%s.%N; }
seconds() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }

# record_summary SCRIPT SUMMARY FILE: the check's timings as a Markdown block with the machine and
# date, written atomically (the README copies it: tools/readme-results.sh).
record_summary() {
    local script=$1 summary=$2 file=$3 cpu
    cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -1)
    mkdir -p "$(dirname "$file")"
    {
        echo "\`$script\`, $(date -u +%Y-%m-%d), on $cpu ($(nproc) cores):"
        echo
        echo '```'
        echo "$summary"
        echo '```'
    } > "$file.tmp" && mv "$file.tmp" "$file"
}
