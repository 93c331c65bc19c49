# shellcheck shell=bash
# registry.k8s.io/pause: pause.c, ours, static; the image holds only /pause.
build_image() {
    local root=$CACHE/work-$name/root
    safe_rm "$CACHE/work-$name"
    mkdir -p "$root"
    gcc -static -O2 -Wall -Wextra -Werror -o "$root/pause" "$RECIPE_DIR/pause.c"
    strip "$root/pause"
    image --layer "$(layer "$root")" --entrypoint /pause \
        --tag registry.k8s.io/pause:3.10.1 --tag registry.k8s.io/pause:3.10 \
        --tag registry.k8s.io/pause:3.9
}
