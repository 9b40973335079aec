#ifndef MESOCLINIC_TESTS_FUZZ_FUZZ_PROTOCOL_H_
#define MESOCLINIC_TESTS_FUZZ_FUZZ_PROTOCOL_H_

// A complete, valid treatment protocol for the fuzz targets: the plugin SDK's
// standard rules run on it, and the echo plugin is loaded with it when a
// target fuzzes hook answers rather than descriptions. Built from the
// in-tree plugins' shared baseline (plugins/common), so it has what a real
// protocol has: phases with a maintenance phase, products with limits and
// exclusions, the common contraindications, adverse events and follow-ups.

#include "clinic/plugin/v1/plugin.pb.h"

namespace mesoclinic::fuzz {

// Id "fuzz_protocol", version "1.0.0".
const clinic::plugin::v1::PluginDescription& FuzzProtocolDescription();

}  // namespace mesoclinic::fuzz

#endif  // MESOCLINIC_TESTS_FUZZ_FUZZ_PROTOCOL_H_
