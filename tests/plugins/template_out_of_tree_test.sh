#!/bin/sh
# template_out_of_tree_test.sh BUILD_DIR TEMPLATE_SOURCE_DIR LOAD_PLUGIN_DIR
#
# What a third-party author does, end to end:
# 1. install the SDK from the main build into a fresh prefix;
# 2. configure and build plugins/template in its own tree against it, with
#    find_package(MesoclinicPluginSdk) through CMAKE_PREFIX_PATH;
# 3. run the installed clinic-plugin-check on the result;
# 4. load it with PluginRegistry, as clinicd does.
set -eu
build_dir=$1
template_dir=$2
load_plugin_dir=$3

work=$(mktemp -d "${TMPDIR:-/tmp}/mesoclinic-template-XXXXXX")
trap 'rm -rf "$work"' EXIT

echo "== install the plugin SDK into $work/sdk"
cmake --install "$build_dir" --component plugin_sdk --prefix "$work/sdk"

echo "== build the template plugin out of tree"
generator=""
if command -v ninja >/dev/null 2>&1; then generator="-GNinja"; fi
cmake -S "$template_dir" -B "$work/build" $generator \
  -DCMAKE_BUILD_TYPE=Release -DCMAKE_PREFIX_PATH="$work/sdk"
cmake --build "$work/build" -j 2

mkdir "$work/plugins"
cp "$work"/build/*.so "$work/plugins/"

echo "== clinic-plugin-check"
"$work/sdk/bin/clinic-plugin-check" "$work"/plugins/*.so

echo "== load with PluginRegistry"
"$load_plugin_dir" "$work/plugins"
