#!/usr/bin/env bash
# The test command: installs what the tests need from Debian's packages when it is missing
# (as root, or with sudo), then checks formatting, lints and docs, runs every test, builds
# the user guide, exports shards on Slurm and makes the README's pictures.
#   tests/run.sh            (what CI runs, through .ci/run)
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v python3 >/dev/null || need+=(python3)   # tests/check_eml.py: Python's email package
# tests/tools/send.rs: aiosmtpd, a real SMTP server, goes into a virtual environment under target/.
python3 -c 'import ensurepip, venv' 2>/dev/null || need+=(python3-venv)
command -v node >/dev/null || need+=(nodejs)        # tests/tools/sms.rs, tests/tools/email_clients.rs: npm packages
command -v npm >/dev/null || need+=(npm)
command -v cc >/dev/null || need+=(gcc)             # mimalloc is C
command -v pdftotext >/dev/null || need+=(poppler-utils)  # print tests: pdftoppm, pdftotext, pdfinfo, pdffonts
command -v qpdf >/dev/null || need+=(qpdf)
command -v ssh-keygen >/dev/null || need+=(openssh-client)  # tests/tools/review_sign.rs: ssh-keygen -Y verify
command -v msgfmt >/dev/null || need+=(gettext)    # tests/tools/translations.rs: msgfmt, msgcat
# tests/tools/translations.rs: Babel's CLDR plural rules, in Debian's Python.
/usr/bin/python3 -c 'import babel' 2>/dev/null || need+=(python3-babel)
command -v chromium >/dev/null || need+=(chromium)  # tests/tools/email_chromium.rs: the email on every screen
# tests/window/designer.rs: egui_kittest draws snapshots with wgpu on Mesa's software Vulkan (lavapipe).
ls /usr/share/vulkan/icd.d/lvp_icd.*.json >/dev/null 2>&1 || need+=(mesa-vulkan-drivers)
if [ ${#need[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}"
fi
rustup component add rustfmt clippy >/dev/null 2>&1 || true

cargo fmt --check
cargo clippy --all-targets --locked -- -D warnings
# The library's documentation builds without a warning (broken links, bad markup).
RUSTDOCFLAGS="-D warnings" cargo doc --no-deps --locked --lib
cargo test --locked
# The user guide builds (docs/book.toml, into target/guide): mdBook from crates.io, installed
# under target/ the first time, without its web server and file watcher.
[ -x target/tools/bin/mdbook ] ||
  cargo install mdbook --locked --no-default-features --version '^0.4' --root target/tools --quiet
target/tools/bin/mdbook build docs
# A sharded export on a real batch scheduler: a one-node Slurm cluster on loopback (Debian's
# slurm-wlm and munge, installed by the script; root for the daemons), stopped at the end.
if [ "$(id -u)" -eq 0 ]; then
  bash tests/slurm/sharded_export.sh target/debug/prism
else
  sudo bash tests/slurm/sharded_export.sh "$PWD/target/debug/prism"
fi
# Every picture the README shows, made again from this build (under target/, so docs/ is not
# touched): the script must run to its end and make all of them (tests/tools/readme_commands.rs
# checks that they are the README's).
rm -rf target/screenshots
SHOTS_OUT=target/screenshots PRISM=target/debug/prism bash docs/screenshots.sh >/dev/null
made=$(find target/screenshots -name '*.png' -size +1k | wc -l)
asked=$(grep -cE '^(window|email|page) [^ ]+\.png' docs/screenshots.sh)
[ "$made" -eq "$asked" ] || { echo "docs/screenshots.sh made $made pictures, not $asked" >&2; exit 1; }
