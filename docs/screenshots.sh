#!/usr/bin/env bash
# Makes every picture in docs/ that the README shows, from the current build, so that none of
# them is older than the code: the designer window under a virtual display (Xvfb, driven with
# xdotool, captured with ImageMagick's import), emails as headless Chromium shows the exported
# HTML, letters and the proof pack as poppler's pdftoppm renders the PDFs.
#   docs/screenshots.sh                          (builds the release binary if it is missing)
#   PRISM=target/debug/prism docs/screenshots.sh (any other build)
#   SHOTS_OUT=DIR docs/screenshots.sh            (the pictures into DIR; tests/run.sh does so)
# Everything runs on a scratch copy of projects/ and assets/ with a home folder of its own;
# nothing but the pictures is written. The window is 1600 x 1000, the size the README states;
# the clicks below are positions in that window.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

need=()
command -v Xvfb >/dev/null || need+=(xvfb)
command -v xdotool >/dev/null || need+=(xdotool)
command -v import >/dev/null || need+=(imagemagick)
command -v chromium >/dev/null || need+=(chromium)
command -v pdftoppm >/dev/null || need+=(poppler-utils)
if [ ${#need[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}"
fi
PRISM=${PRISM:-target/release/prism}
[ -x "$PRISM" ] || cargo build --release --locked
PRISM=$(realpath "$PRISM")

work=$(mktemp -d)
xvfb_pid=""
app_pid=""
cleanup() {
  [ -z "$app_pid" ] || { kill "$app_pid"; wait "$app_pid"; } 2>/dev/null || true
  [ -z "$xvfb_pid" ] || { kill "$xvfb_pid"; wait "$xvfb_pid"; } 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
cp -r projects assets "$work/"
mkdir -p "$work/home/.config" "$work/out"
export HOME="$work/home" XDG_CONFIG_HOME="$work/home/.config" XDG_DATA_HOME="$work/home/.local/share" \
  XDG_STATE_HOME="$work/home/.local/state" XDG_CACHE_HOME="$work/home/.cache" SOURCE_DATE_EPOCH=1796112000
prism() { (cd "$work" && "$PRISM" "$@"); }
mkdir -p "${SHOTS_OUT:-docs}"
shot_to=$(realpath "${SHOTS_OUT:-docs}")

# --- The designer window --------------------------------------------------------------------
size=1600x1000
display=90
while [ -e "/tmp/.X$display-lock" ] || [ -e "/tmp/.X11-unix/X$display" ]; do display=$((display + 1)); done
export DISPLAY=":$display"
mkdir -m 700 -p "$work/runtime"
export XDG_RUNTIME_DIR="$work/runtime"
Xvfb "$DISPLAY" -screen 0 "${size}x24" -nolisten tcp >"$work/xvfb.log" 2>&1 &
xvfb_pid=$!
for _ in $(seq 100); do [ -e "/tmp/.X11-unix/X$display" ] && break; sleep 0.1; done

# window OUT PROJECT [xdotool commands…]: opens PROJECT, waits until it is drawn, runs each
# xdotool command (a second apart, for the frame and any background work), saves the screen.
window() {
  local out=$1 project=$2
  shift 2
  (cd "$work" && exec "$PRISM" "$project") >"$work/app.log" 2>&1 &
  app_pid=$!
  timeout 60 xdotool search --sync --onlyvisible --pid "$app_pid" >/dev/null
  sleep 4
  for cmd in "$@"; do
    # shellcheck disable=SC2086
    xdotool $cmd
    sleep 1.5
  done
  sleep 1
  import -window root "$shot_to/$out"
  kill "$app_pid"
  wait "$app_pid" 2>/dev/null || true
  app_pid=""
  echo "$shot_to/$out"
}

# The welcome message for C-1001, who gets the email.
window designer-welcome.png projects/welcome.ron
# The invoice letter of C-1002 (who gets the invoice by letter) with its DIN 5008 overlay.
window designer-invoice-overlay.png projects/invoice.ron "mousemove 1115 35 click 1" "mousemove 1084 124 click 1"
# A filter name that does not exist, in the heading.
sed '/Heading(text:/ s/{{ first_name }}!"/{{ first_name | shout }}!"/' "$work/projects/welcome.ron" >"$work/projects/welcome-broken.ron"
window designer-template-error.png projects/welcome-broken.ron "mousemove 60 129 click 1"
# The Audience window over 10,000 generated customers.
sed 's/file: Some("customers.json")/file: Some("audience-10k.json")/' "$work/projects/welcome.ron" >"$work/projects/welcome-10k.ron"
window audience.png projects/welcome-10k.ron "mousemove 537 35 click 1"

# Review: Max writes and submits, Rita (whose key the designer uses) comments on the intro
# and Max answers; then Rita's review mode with the intro's thread open.
prism review init --name "Max Author" --email max@lumina.example --key keys/max >>"$work/projects/reviewers"
prism review init --name "Rita Reviewer" --email rita@lumina.example >>"$work/projects/reviewers"
prism review submit projects/welcome.ron --key keys/max --comment "Bitte prüfen."
prism review comment projects/welcome.ron --block intro --comment "Passt «ohne Papierkram» auch für Geschäftskunden?"
prism review comment projects/welcome.ron --key keys/max --reply-to 2 --comment "Ja, der Vertrag ist auch für sie digital."
window review-mode.png projects/welcome.ron "mousemove 374 35 click 1" "mousemove 37 183 click 1"
# The library: Rita approves the welcome message (the proof pack below shows it approved),
# then Legal changes the imprint it uses; the Library window over the invoice, and the
# Messages window marking the welcome message stale. The imprint is put back after.
prism review approve projects/welcome.ron
rm "$work/projects/welcome-10k.ron" "$work/projects/welcome-broken.ron"
imprint="$work/projects/library/snippets/imprint.ron"
cp "$imprint" "$work/imprint.ron"
sed -i 's/Amtsgericht Köln HRB 123456/AG Köln HRB 123456/' "$imprint"
window library.png projects/invoice.ron "mousemove 620 35 click 1"
window messages.png projects/invoice.ron "mousemove 691 35 click 1"
cp "$work/imprint.ron" "$imprint"
kill "$xvfb_pid"
wait "$xvfb_pid" 2>/dev/null || true
xvfb_pid=""

# --- Emails in Chromium ----------------------------------------------------------------------
# The shipped fonts through fontconfig, as the designer's preview uses them.
cat >"$work/fonts.conf" <<EOF
<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig><dir>$root/assets/fonts</dir><include ignore_missing="yes">/etc/fonts/fonts.conf</include>
<cachedir>$work/fc-cache</cachedir></fontconfig>
EOF
# email OUT HTML WIDTH [flags…]: the page WIDTH px wide, cut below the message.
email() {
  local out=$1 html=$2 width=$3
  shift 3
  FONTCONFIG_FILE="$work/fonts.conf" timeout 120 chromium --headless --no-sandbox --disable-gpu \
    --disable-background-networking --disable-component-update --disable-sync --no-first-run \
    --hide-scrollbars --user-data-dir="$work/chromium" --window-size="$width,2400" "$@" \
    --screenshot="$work/page.png" "file://$work/$html" 2>/dev/null
  # The message's box: where the page differs from its background colour, then 24 px below.
  local bottom
  bottom=$(convert "$work/page.png" -trim -format '%[fx:page.y+h]' info:)
  convert "$work/page.png" -crop "${width}x$((bottom + 24))+0+0" +repage "$shot_to/$out"
  echo "$shot_to/$out"
}
prism render projects/invoice.ron --channel email --record C-1001 --out out/invoice.html
prism render projects/welcome.ron --channel email --record C-1001 --out out/welcome.html
email email-invoice-desktop.png out/invoice.html 760
email email-welcome-mobile.png out/welcome.html 375
email email-welcome-dark.png out/welcome.html 760 --force-dark-mode
# The welcome in French: C-3004 writes fr-CH and gets the French translation.
prism render projects/welcome.ron --channel email --record C-3004 --out out/welcome-fr.html
email email-welcome-fr.png out/welcome-fr.html 760

# --- Letters and the proof pack in poppler ---------------------------------------------------
# page OUT PDF N [DPI]: page N at 60 dpi, or DPI.
page() {
  pdftoppm -r "${4:-60}" -png -singlefile -f "$3" -l "$3" "$work/$2" "$work/page"
  mv "$work/page.png" "$shot_to/$1"
  echo "$shot_to/$1"
}
prism render projects/invoice.ron --channel print --record C-2001 --out out/invoice.pdf
prism render projects/welcome.ron --channel print --record C-1002 --out out/welcome.pdf
page letter-invoice-p1.png out/invoice.pdf 1
page letter-invoice-p2.png out/invoice.pdf 2
page letter-welcome.png out/welcome.pdf 1
prism render projects/welcome.ron --channel print --record C-3004 --out out/welcome-fr.pdf
page letter-welcome-fr.png out/welcome-fr.pdf 1
# Rita approved what she saw (above); the proof pack of C-1001 shows the signed history.
prism proof projects/welcome.ron --records C-1001 --out out/proof.pdf
page proof-cover.png out/proof.pdf 1 80
page proof-record.png out/proof.pdf 2 80
