// A shared library that is not a Mesoclinic plugin: it exports a function,
// but not the entry symbol.
extern "C" __attribute__((visibility("default"))) int not_a_plugin(void) {
  return 1;
}
