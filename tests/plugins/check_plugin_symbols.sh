#!/bin/sh
# check_plugin_symbols.sh PLUGIN.so...
#
# Checks what each plugin library carries:
# - its dynamic symbol table defines exactly one symbol, mesoclinic_plugin_v1;
# - it does not contain the generated clinic.plugin.v1 code (the descriptor
#   table of plugin.proto), not even as hidden local symbols: that code must
#   come from the one shared libclinic_plugin_proto;
# - it depends on libclinic_plugin_proto.so.1.
# Exit status 0 when every plugin passes, 1 otherwise.
set -u
status=0
for plugin in "$@"; do
  name=$(basename "$plugin")
  exported=$(nm -D --defined-only "$plugin" | awk 'NF >= 3 { print $3 }' | sort)
  if [ "$exported" != "mesoclinic_plugin_v1" ]; then
    echo "FAIL $name exports more than the entry symbol:"
    echo "$exported" | sed 's/^/    /'
    status=1
  fi
  # The static symbol table survives in unstripped builds; in stripped ones
  # the generated code would still show as its descriptor string, so check
  # the raw bytes too.
  if nm --defined-only "$plugin" 2>/dev/null |
      grep -q 'descriptor_table_clinic_2fplugin_2fv1_2fplugin_2eproto'; then
    echo "FAIL $name defines the generated clinic.plugin.v1 descriptor table"
    status=1
  fi
  if grep -q 'clinic/plugin/v1/plugin.proto' "$plugin"; then
    echo "FAIL $name embeds the serialized plugin.proto descriptor"
    status=1
  fi
  if ! objdump -p "$plugin" | grep -q 'NEEDED *libclinic_plugin_proto\.so\.1$'; then
    echo "FAIL $name does not depend on libclinic_plugin_proto.so.1"
    status=1
  fi
  [ $status -eq 0 ] && echo "PASS $name"
done
exit $status
