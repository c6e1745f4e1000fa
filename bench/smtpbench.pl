#!/usr/bin/perl
# bench/smtpbench.pl: delivers messages over persistent SMTP connections,
# one per server, interleaved, and prints one line per delivery:
#   run SERVER MESSAGE SECONDS REPLYCODE
# Usage: smtpbench.pl N RCPT DIR MSG... -- NAME=PORT ...
# Each of N rounds sends every message (in DIR) to every server, in an
# order shuffled per round (fixed seed), so a shared machine's changing
# load falls on all alike. Latency: MAIL FROM to the reply to the final
# dot, as the SMTP client sees it. One untimed warm-up delivery per server
# and message first. A benchmark helper: nothing asserts on time.
use strict;
use warnings;
use IO::Socket::INET;
use Socket qw(IPPROTO_TCP TCP_NODELAY);
use Time::HiRes qw(time);

my ($n, $rcpt, $dir, @rest) = @ARGV;
my (@msgs, @srv);
my $seen = 0;
for (@rest) { if ($_ eq '--') { $seen = 1; next } if ($seen) { push @srv, $_ } else { push @msgs, $_ } }
die "usage: smtpbench.pl N RCPT DIR MSG... -- NAME=PORT ...\n" unless $n && @msgs && @srv;

my %body;
for my $m (@msgs) {
  open(my $f, '<', "$dir/$m") or die "$dir/$m: $!";
  local $/;
  my $t = <$f>;
  close $f;
  $t =~ s/\r?\n/\r\n/g;
  $t =~ s/^\./../mg;
  $t .= "\r\n" unless $t =~ /\r\n\z/;
  $body{$m} = $t;
}

sub reply {
  my ($s) = @_;
  my $code;
  while (defined(my $l = <$s>)) {
    $code = substr($l, 0, 3);
    return $code if substr($l, 3, 1) ne '-';
  }
  die "connection closed\n";
}
my %conn;
for (@srv) {
  my ($name, $port) = split /=/;
  my $s = IO::Socket::INET->new(PeerAddr => '127.0.0.1', PeerPort => $port, Proto => 'tcp') or die "connect $port: $!";
  $s->autoflush(1);
  # no Nagle: a last short segment must not wait for a delayed ACK
  setsockopt($s, IPPROTO_TCP, TCP_NODELAY, 1) or die "TCP_NODELAY: $!";
  reply($s) eq '220' or die "$name: no greeting\n";
  print $s "HELO bench.example\r\n";
  reply($s) eq '250' or die "$name: HELO refused\n";
  $conn{$name} = $s;
}
sub deliver {
  my ($s, $m) = @_;
  my $t0 = time;
  print $s "MAIL FROM:<alice\@example.com>\r\n";
  reply($s) eq '250' or die "MAIL refused\n";
  print $s "RCPT TO:<$rcpt>\r\n";
  reply($s) eq '250' or die "RCPT refused\n";
  print $s "DATA\r\n";
  reply($s) eq '354' or die "DATA refused\n";
  my $d = $body{$m} . ".\r\n";
  for (my $o = 0; $o < length $d; ) {
    my $w = syswrite($s, $d, length($d) - $o, $o);
    die "write: $!\n" unless defined $w;
    $o += $w;
  }
  my $code = reply($s);
  return (time - $t0, $code);
}
my @names = map { (split /=/)[0] } @srv;
for my $name (@names) { deliver($conn{$name}, $_) for @msgs }
srand(20);
for my $r (1 .. $n) {
  my @jobs;
  for my $m (@msgs) { push @jobs, [$_, $m] for @names }
  for (my $i = @jobs - 1; $i > 0; $i--) { my $j = int(rand($i + 1)); @jobs[$i, $j] = @jobs[$j, $i] }
  for (@jobs) {
    my ($name, $m) = @$_;
    my ($dt, $code) = deliver($conn{$name}, $m);
    printf "run %s %s %.6f %s\n", $name, $m, $dt, $code;
  }
}
for my $name (@names) { my $s = $conn{$name}; print $s "QUIT\r\n"; reply($s) }
