# shellcheck shell=bash
# hello-world: hello.c, static; prints the official image's text and exits 0.
build_image() {
    local root=$CACHE/work-$name/root
    safe_rm "$CACHE/work-$name"
    mkdir -p "$root"
    gcc -static -Os -Wall -Wextra -Werror -o "$root/hello" "$RECIPE_DIR/hello.c"
    strip "$root/hello"
    image --layer "$(layer "$root")" --cmd /hello \
        --tag hello-world:latest --tag hello-world:linux
}
