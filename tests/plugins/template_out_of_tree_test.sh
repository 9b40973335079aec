#!/bin/sh
# template_out_of_tree_test.sh BUILD_DIR TEMPLATE_SOURCE_DIR LOAD_PLUGIN_DIR CLINICD
#
# What a third-party author does, end to end:
# 1. install the SDK from the main build into a fresh prefix;
# 2. copy the template the SDK installs (the same as plugins/template), then
#    configure and build it in its own tree against the SDK, with
#    find_package(MesoclinicPluginSdk) through CMAKE_PREFIX_PATH;
# 3. run the installed clinic-plugin-check on the result;
# 4. load it with PluginRegistry, as clinicd does;
# 5. start a real clinicd with it in --plugin_dir and see it loaded.
set -eu
build_dir=$1
template_dir=$2
load_plugin_dir=$3
clinicd=$4

work=$(mktemp -d "${TMPDIR:-/tmp}/mesoclinic-template-XXXXXX")
server_pid=""
cleanup() {
  if [ -n "$server_pid" ]; then kill "$server_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

echo "== install the plugin SDK into $work/sdk"
cmake --install "$build_dir" --component plugin_sdk --prefix "$work/sdk"

echo "== copy the installed template, as an author does"
installed_template="$work/sdk/share/mesoclinic/plugin-template"
diff -r "$template_dir" "$installed_template"
cp -r "$installed_template" "$work/my_plugin"

echo "== build the template plugin out of tree"
generator=""
if command -v ninja >/dev/null 2>&1; then generator="-GNinja"; fi
cmake -S "$work/my_plugin" -B "$work/build" $generator \
  -DCMAKE_BUILD_TYPE=Release -DCMAKE_PREFIX_PATH="$work/sdk"
cmake --build "$work/build" -j 2

mkdir "$work/plugins"
cp "$work"/build/*.so "$work/plugins/"

echo "== clinic-plugin-check"
"$work/sdk/bin/clinic-plugin-check" "$work"/plugins/*.so

echo "== load with PluginRegistry"
"$load_plugin_dir" "$work/plugins"

echo "== load in a running clinicd"
"$clinicd" --listen=127.0.0.1:0 --http_listen=127.0.0.1:0 \
  --db="$work/var/clinic.db" \
  --plugin_dir="$work/plugins" >"$work/clinicd.log" 2>&1 &
server_pid=$!
tries=0
until grep -q "serving on" "$work/clinicd.log"; do
  tries=$((tries + 1))
  if [ "$tries" -gt 100 ] || ! kill -0 "$server_pid" 2>/dev/null; then
    cat "$work/clinicd.log"
    echo "clinicd did not start" >&2
    exit 1
  fi
  sleep 0.1
done
cat "$work/clinicd.log"
grep -q "plugin loaded: example_rejuvenation" "$work/clinicd.log"
grep "serving on" "$work/clinicd.log" | grep -q "example_rejuvenation"
kill -TERM "$server_pid"
wait "$server_pid"
server_pid=""
echo "PASS: the template plugin runs in clinicd"
