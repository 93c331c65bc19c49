# shellcheck shell=bash
# debian and the ubuntu stand-in: the base layer alone (debootstrap minbase bookworm), bash.
# Only Debian's archive is reachable, so ubuntu:* is this Debian too (its /etc/os-release
# says so); what textbooks do with it (a shell, sleep, coreutils) behaves the same.
build_image() {
    local tags=() t
    for t in latest 12 bookworm bookworm-slim 12-slim stable stable-slim; do tags+=(--tag "debian:$t"); done
    for t in latest 22.04 24.04 20.04 jammy noble focal; do tags+=(--tag "ubuntu:$t"); done
    image --layer "$(base_layer)" --cmd bash "${tags[@]}"
}
