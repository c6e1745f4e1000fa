#!/usr/bin/perl
# bench/qscanq-report.pl DIR "MSGS" ROUNDS: prints bench/qscanq.sh's tables
# from what it left in DIR (header, cells, raw/, mem/, msgs/). Statistics
# only: nothing here asserts on time.
use strict;
use warnings;

my ($dir, $msglist, $rounds) = @ARGV;
my @msgs = split ' ', $msglist;
my @cases = qw(a b c d e f g h i);
my %casename = (
  a => '(a) stand-in queue alone',
  b => '(b) qscanq, /bin/true',
  c => '(c) qscanq, clamscan',
  d => '(d) qscanq, clamdscan',
  e => '(e) clamdscan alone',
  f => '(f) qscanq, clamd unix',
  g => '(g) qscanq, clamd TCP',
  h => '(h) (f) static glibc',
  i => '(i) (f) static musl',
);
my $hz = `getconf CLK_TCK` + 0 || 100;

sub slurp { my ($f) = @_; open my $fh, '<', $f or die "$f: $!"; local $/; my $s = <$fh>; close $fh; $s }
sub median { my @v = sort { $a <=> $b } @_; return undef unless @v; my $n = @v; $n % 2 ? $v[($n - 1) / 2] : ($v[$n / 2 - 1] + $v[$n / 2]) / 2 }
sub pct { my ($p, @v) = @_; @v = sort { $a <=> $b } @v; return undef unless @v; my $k = int($p / 100 * @v + 0.999999) - 1; $k = 0 if $k < 0; $v[$k] }
sub min { my $m; for (@_) { $m = $_ if !defined $m || $_ < $m } $m }
sub max { my $m; for (@_) { $m = $_ if !defined $m || $_ > $m } $m }
# three significant digits, no exponent
sub sig {
  my ($v) = @_;
  return '-' unless defined $v;
  my $a = abs $v;
  return sprintf('%.0f', $v) if $a >= 100;
  return sprintf('%.1f', $v) if $a >= 10;
  return sprintf('%.2f', $v) if $a >= 1;
  return sprintf('%.3f', $v);
}
sub ratio { my ($v, $base) = @_; return '' unless defined $v && defined $base && $base > 0; sprintf('x%.2f', $v / $base) }

print slurp("$dir/header"), "\n";

# ---- cells
my %cell; # {case}{msg}{conc} = { tput => [..], lat => [..], cpu => [..], bad => n, clamd => ticks }
open my $cf, '<', "$dir/cells" or die "$dir/cells: $!";
while (<$cf>) {
  my ($case, $msg, $conc, $raw, $ticks) = split;
  my %c = (tput => [], lat => [], cpu => [], bad => 0, n => 0);
  my $expect = ($msg eq 'infected' && $case =~ /^[c-i]$/) ? 256 : 0;
  open my $rf, '<', $raw or die "$raw: $!";
  while (<$rf>) {
    my @f = split;
    if ($f[0] eq 'run') {
      push @{$c{lat}}, $f[1] / 1e6;
      push @{$c{cpu}}, ($f[2] + $f[3]) / 1e3;
      $c{bad}++ if $f[5] != $expect;
      $c{n}++;
    } elsif ($f[0] eq 'total') {
      push @{$c{tput}}, $f[2] / ($f[1] / 1e9) if $f[1] > 0;
    }
  }
  close $rf;
  # clamd's CPU in the same rounds, spread over the messages
  $c{clamdms} = $c{n} ? $ticks * 1000 / $hz / $c{n} : 0;
  $cell{$case}{$msg}{$conc} = \%c;
}
close $cf;

sub stat1 {
  my ($case, $msg, $conc) = @_;
  my $c = $cell{$case}{$msg}{$conc} or return undef;
  my $cpu = median(@{$c->{cpu}});
  $cpu += $c->{clamdms} if defined $cpu && $case =~ /^[d-i]$/;
  return {
    tput => median(@{$c->{tput}}), tmin => min(@{$c->{tput}}), tmax => max(@{$c->{tput}}),
    p50 => median(@{$c->{lat}}), p99 => pct(99, @{$c->{lat}}), cpu => $cpu,
    clamdms => $c->{clamdms}, bad => $c->{bad}, n => $c->{n},
  };
}

my @bad;
print "1. Per message, through the qmail-smtpd stand-in ($rounds rounds after a warm-up)\n";
print "   latency: wall time of one stand-in run, median (p50) and 99th percentile of every run;\n";
print "   msg/s: median of the rounds [min-max]; cpu: user+sys of the run and its children\n";
print "   (wait4), for (d) to (i) plus clamd's own, never run-cleanq's, which nobody waits for (see 3);\n";
print "   xN: ratio to (a) in the same column.\n";
{
  my @n = map { my $m = $_; map { $_->{n} } values %$m } map { values %$_ } values %cell;
  printf "   Runs per cell: %d to %d (fewest for the 5 MB attachment); below 100 runs the p99 is the largest.\n", min(@n), max(@n);
}
for my $conc (1, 8) {
  printf "\n%-9s %-26s %24s %16s %16s %16s\n", $conc == 1 ? '1 caller' : '8 callers', '', 'msg/s [min-max]', 'p50 ms', 'p99 ms', 'cpu ms/msg';
  for my $msg (@msgs) {
    my $size = -s "$dir/msgs/$msg";
    my $base = stat1('a', $msg, $conc);
    for my $case (@cases) {
      my $s = stat1($case, $msg, $conc) or next;
      my $label = $case eq 'a' ? sprintf('%-9s', $msg) : $case eq 'b' ? sprintf('%-9s', $size >= 1e6 ? sprintf('%.1f MB', $size / 1e6) : $size >= 1e4 ? sprintf('%.0f KB', $size / 1e3) : "$size B") : ' ' x 9;
      printf "%s %-26s %6s %-6s %-10s %7s %-7s %8s %-7s %7s %-7s%s\n",
        $label, $casename{$case},
        sig($s->{tput}), ratio($s->{tput}, $base->{tput}), '[' . sig($s->{tmin}) . '-' . sig($s->{tmax}) . ']',
        sig($s->{p50}), ratio($s->{p50}, $base->{p50}),
        sig($s->{p99}), ratio($s->{p99}, $base->{p99}),
        sig($s->{cpu}), ratio($s->{cpu}, $base->{cpu}),
        $s->{bad} ? "  !$s->{bad} of $s->{n} unexpected" : '';
      push @bad, "$casename{$case}, $msg, $conc caller(s): $s->{bad} of $s->{n} runs ended unexpectedly" if $s->{bad};
    }
  }
}
if (@bad) { print "\nunexpected outcomes (want 250 ok; 554 for infected with a real scanner):\n"; print "  $_\n" for @bad; }

# ---- memory
my %mem; # {kind}{msg}{prog} = [peak kB of each run]; {kind}{msg}{cpu}{prog} = [us]
opendir my $md, "$dir/mem" or die "$dir/mem: $!";
for my $f (sort readdir $md) {
  next unless $f =~ /^([abcdfghir])\.(\w+)\.(\d)$/;
  my ($kind, $msg) = ($1, $2);
  for (split /\n/, slurp("$dir/mem/$f")) {
    my @x = split;
    if ($x[0] eq 'prog') {
      push @{$mem{$kind}{$msg}{peak}{$x[1]}}, $x[2];
      push @{$mem{$kind}{$msg}{cpu}{$x[1]}}, $x[3];
      $mem{$kind}{$msg}{wait}{$f} += $x[5] // 0;
    }
    elsif ($x[0] eq 'tree') { push @{$mem{$kind}{$msg}{peak}{'(tree)'}}, $x[1]; }
  }
}
closedir $md;
sub peak { my ($kind, $msg, $prog) = @_; my $v = $mem{$kind}{$msg}{peak}{$prog}; $v ? max(@$v) : undef }
sub cpuof { my ($kind, $msg, $prog) = @_; my $v = $mem{$kind}{$msg}{cpu}{$prog}; $v ? median(@$v) / 1000 : undef }
sub waitof { my ($kind, $msg) = @_; my $w = $mem{$kind}{$msg}{wait}; $w && %$w ? median(values %$w) / 1000 : undef }

print "\n2. Peak resident set (VmHWM) of each program, kB, the largest of 3 runs (bench/maxrss);\n";
print "   xN: ratio to the stand-in qmail-queue on the same message in (a). Target: every\n";
print "   qscanq program <= 2048 kB whatever the message size.\n\n";
my @mcols = (
  ['qscanq', 'b', 'qscanq'], ['qscanq-stdin', 'b', 'qscanq-stdin'], ['reformime', 'b', 'reformime'],
  ['run-cleanq', 'b', 'run-cleanq'], ['reformime alone', 'r', 'reformime'], ['whole tree', 'b', '(tree)'],
  ['stand-in queue', 'a', 'qmail-queue'], ['clamscan', 'c', 'clamscan'], ['clamdscan', 'd', 'clamdscan'],
  ['q-stdin (f)', 'f', 'qscanq-stdin'], ['q-stdin (g)', 'g', 'qscanq-stdin'],
);
printf "%-9s", 'message';
printf " %15s", $_->[0] for @mcols;
print "\n";
my %worst; # prog => [kB, msg]
for my $msg (@msgs) {
  my $base = peak('a', $msg, 'qmail-queue');
  printf "%-9s", $msg;
  for my $col (@mcols) {
    my $v = peak($col->[1], $msg, $col->[2]);
    printf " %15s", defined $v ? sprintf('%d %s', $v, ratio($v, $base)) : '-';
    if (defined $v && $col->[1] =~ /^[brfg]$/ && $col->[2] ne '(tree)') {
      $worst{$col->[2]} = [$v, $msg] if !$worst{$col->[2]} || $v > $worst{$col->[2]}[0];
    }
  }
  print "\n";
}
print "   whole tree: getrusage(RUSAGE_CHILDREN) after one delivery with the /bin/true scanner, the\n";
print "   largest process of qmail-smtpd stand-in, qscanq, qscanq-stdin, true, queue.\n";
if (-f "$dir/mem/clamd") { my ($k) = slurp("$dir/mem/clamd") =~ /(\d+)/; print "   clamd (the daemon, test database): $k kB at the end of the run.\n"; }

# cleanq
my @cq;
opendir $md, "$dir/mem" or die;
for my $f (readdir $md) { push @cq, $1 if $f =~ /^cleanq\.(\d+)$/ }
closedir $md;
if (@cq) {
  print "\n   cleanq, one sweep of a spool of N finished working folders (then stopped):\n";
  printf "   %8s %10s %10s %14s %8s\n", 'folders', 'peak kB', 'cpu ms', 'us per folder', 'left';
  for my $n (sort { $a <=> $b } @cq) {
    my %r;
    for (split /\n/, slurp("$dir/mem/cleanq.$n")) { my @x = split; $r{peak} = $x[2], $r{cpu} = $x[3] if $x[0] eq 'prog' && $x[1] eq 'cleanq'; $r{left} = $x[1] if $x[0] eq 'left'; }
    printf "   %8d %10s %10s %14s %8s\n", $n, $r{peak} // '-', defined $r{cpu} ? sig($r{cpu} / 1000) : '-', defined $r{cpu} ? sig($r{cpu} / $n) : '-', $r{left} // '-';
    $worst{cleanq} = [$r{peak}, "$n folders"] if defined $r{peak} && (!$worst{cleanq} || $r{peak} > $worst{cleanq}[0]);
  }
}

# where qscanq's CPU time goes
print "\n3. CPU time of each program in one delivery, ms, median of 3 traced runs (bench/maxrss,\n";
print "   /proc/PID/schedstat; a program's time includes its own exec and its libc's start-up).\n";
print "   wait: the time all of them together spent runnable but waiting for a CPU (busy machine).\n\n";
my @progs = qw(qmail-smtpd qscanq qscanq-stdin reformime true run-cleanq qmail-queue);
printf "%-9s %-6s", 'message', 'case';
printf " %12s", $_ for @progs, 'total', 'wait';
print "\n";
for my $msg (@msgs) {
  for my $kind ('a', 'b', 'f', 'g', 'h', 'i') {
    next unless $mem{$kind}{$msg};
    printf "%-9s %-6s", $kind eq 'a' ? $msg : '', "($kind)";
    my $t = 0;
    for my $p (@progs) { my $v = cpuof($kind, $msg, $p); $t += $v if defined $v; printf " %12s", defined $v ? sig($v) : '-'; }
    printf " %12s %12s\n", sig($t), sig(waitof($kind, $msg));
  }
}
print "   (qmail-smtpd and qmail-queue are the stand-ins; true is the /bin/true scanner of (b);\n";
print "   (f) to (i) have no reformime and no scanner process; (h) and (i) differ from (f) only in\n";
print "   how qscanq, qscanq-stdin and run-cleanq are linked.)\n";

# ---- targets
print "\n4. Targets\n";
{
  my $a = stat1('a', 'small', 1);
  my $b = stat1('b', 'small', 1);
  if ($a && $b) {
    my $over = $b->{p50} - $a->{p50};
    my $cpu = $b->{cpu} - $a->{cpu};
    printf "   qscanq's own overhead, (b) - (a), small message, 1 caller, median: %s ms (target <= 1 ms): %s\n",
      sig($over), $over <= 1 ? 'met' : sprintf('missed by %s ms (x%.1f)', sig($over - 1), $over);
    printf "     its CPU time per message, (b) - (a): %s ms (%s ms in (b), %s ms in (a))\n", sig($cpu), sig($b->{cpu}), sig($a->{cpu});
    if (-f "$dir/empties") {
      my %e = map { my @x = split; ($x[0] => $x[1]) } split /\n/, slurp("$dir/empties");
      printf "     where it goes: (b) runs 3 programs more than (a) on the message's path (qscanq,\n" .
        "     qscanq-stdin, which unpacks in-process, and the scanner) and run-cleanq beside it (not\n" .
        "     counted above); an empty C program takes %s ms of CPU to start here (%s ms without a\n" .
        "     C library), so start-ups alone are about %s ms of the %s ms; section 3 has each\n" .
        "     program's share.\n",
        sig($e{'empty-libc'}), defined $e{'empty-nolibc'} ? sig($e{'empty-nolibc'}) : '?', sig(3 * $e{'empty-libc'}), sig($cpu)
        if defined $e{'empty-libc'};
    }
    my $a8 = stat1('a', 'small', 8);
    my $b8 = stat1('b', 'small', 8);
    printf "     with 8 callers: %s ms per message of throughput (1/msg/s), %s ms of CPU\n",
      sig(1000 / $b8->{tput} - 1000 / $a8->{tput}), sig($b8->{cpu} - $a8->{cpu}) if $a8 && $b8;
    for my $msg (@msgs) {
      next if $msg eq 'small';
      my $am = stat1('a', $msg, 1);
      my $bm = stat1('b', $msg, 1);
      printf "     %-9s (b) - (a): %s ms at the median, %s ms of CPU\n", $msg, sig($bm->{p50} - $am->{p50}), sig($bm->{cpu} - $am->{cpu}) if $am && $bm;
    }
  }
  print "   (d) within 1.3 x ((a) + (e)):\n";
  printf "     %-9s %22s %s\n", '', '1 caller, p50 latency', '    8 callers, time per message (1/msg/s)';
  for my $msg (@msgs) {
    my ($a1, $d1, $e1) = map { stat1($_, $msg, 1) } qw(a d e);
    my ($a8, $d8, $e8) = map { stat1($_, $msg, 8) } qw(a d e);
    next unless $a1 && $d1 && $e1;
    my $r1 = $d1->{p50} / ($a1->{p50} + $e1->{p50});
    my $r8 = $a8 && $d8 && $e8 ? (1 / $d8->{tput}) / (1 / $a8->{tput} + 1 / $e8->{tput}) : undef;
    printf "     %-9s %8s / %-8s = %4.2f %-7s   %8s / %-8s = %s %s\n", $msg,
      sig($d1->{p50}), sig($a1->{p50} + $e1->{p50}), $r1, $r1 <= 1.3 ? 'met' : 'MISSED',
      defined $r8 ? sig(1000 / $d8->{tput}) : '-', defined $r8 ? sig(1000 / $a8->{tput} + 1000 / $e8->{tput}) : '-',
      defined $r8 ? sprintf('%4.2f', $r8) : '-', defined $r8 ? ($r8 <= 1.3 ? 'met' : 'MISSED') : '';
  }
  print "   the clamd form, small message, 1 caller, median: added CPU (X) - (a) <= 2.5 ms, latency <= 1.6 x (a):\n";
  for my $case (qw(f g h i)) {
    my $a = stat1('a', 'small', 1);
    my $x = stat1($case, 'small', 1);
    next unless $a && $x;
    my $cpu = $x->{cpu} - $a->{cpu};
    my $lat = $x->{p50} / $a->{p50};
    printf "     %-24s CPU %s ms (clamd's share %s ms) %-7s latency %s ms = %.2f x (a) %s\n", $casename{$case},
      sig($cpu), sig($x->{clamdms}), $cpu <= 2.5 ? 'met' : 'MISSED', sig($x->{p50}), $lat, $lat <= 1.6 ? 'met' : 'MISSED';
  }
  {
    my %e = -f "$dir/empties" ? map { my @x = split; ($x[0] => [$x[1], $x[2]]) } split /\n/, slurp("$dir/empties") : ();
    print "   start-up, fork + exec + exit of an empty C program, median of 200, CPU / wall ms:\n";
    for my $k (qw(empty-libc empty-static empty-musl empty-nolibc)) {
      printf "     %-22s %s / %s\n", $k, sig($e{$k}[0]), sig($e{$k}[1]) if $e{$k};
    }
    if (-f "$dir/sizes") {
      print "   file size of each program, bytes (with -g debugging information), dynamic / static glibc / musl:\n";
      for (split /\n/, slurp("$dir/sizes")) { my @x = split; printf "     %-12s %s / %s / %s\n", @x; }
    }
    print "   qscanq's programs in one delivery of the small message, CPU ms (section 3, median of 3):\n";
    printf "     %-12s %10s %10s %10s\n", '', '(f) dyn', '(h) static', '(i) musl';
    for my $p (qw(qscanq qscanq-stdin run-cleanq)) {
      printf "     %-12s %10s %10s %10s\n", $p, map { sig(cpuof($_, 'small', $p)) } qw(f h i);
    }
  }
  print "   peak memory <= 2048 kB, the largest of any message:\n";
  for my $p (qw(qscanq qscanq-stdin reformime run-cleanq cleanq)) {
    next unless $worst{$p};
    printf "     %-13s %5d kB (%s) %s\n", $p, $worst{$p}[0], $worst{$p}[1], $worst{$p}[0] <= 2048 ? 'met' : sprintf('MISSED by %d kB', $worst{$p}[0] - 2048);
  }
}
