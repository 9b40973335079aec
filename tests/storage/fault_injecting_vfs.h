#ifndef MESOCLINIC_TESTS_STORAGE_FAULT_INJECTING_VFS_H_
#define MESOCLINIC_TESTS_STORAGE_FAULT_INJECTING_VFS_H_

// A SQLite VFS that passes everything to the default VFS, except that a test
// can make the disk full, the file system read-only or fsync fail, and
// back, while a database is open through it: the failures a clinic's server
// meets, made on demand and without root or a real small disk.
//
//   FaultInjectingVfs vfs("faulty");            // registered while it lives
//   SqliteStore::Open({.path = ..., .vfs = vfs.name()});
//   vfs.set_fault(FaultInjectingVfs::Fault::kDiskFull);

#include <atomic>
#include <string>

#include <sqlite3.h>

namespace mesoclinic::testing {

class FaultInjectingVfs {
 public:
  enum class Fault {
    kNone,
    // Every write fails as with ENOSPC: SQLITE_FULL.
    kDiskFull,
    // Every write fails as on a file system remounted read-only
    // (SQLITE_IOERR_WRITE), and files open read-only, as the unix VFS does
    // when it cannot open them for writing.
    kReadOnly,
    // Writes succeed, but every fsync fails as on a disk that can no longer
    // write back what it was given (EIO): SQLITE_IOERR_FSYNC.
    kSyncFails,
  };

  // Registers the VFS as `name` (not as the default).
  explicit FaultInjectingVfs(std::string name);
  // Unregisters it. No connection may still use it.
  ~FaultInjectingVfs();
  FaultInjectingVfs(const FaultInjectingVfs&) = delete;
  FaultInjectingVfs& operator=(const FaultInjectingVfs&) = delete;

  const std::string& name() const { return name_; }
  void set_fault(Fault fault) { fault_.store(fault); }
  Fault fault() const { return fault_.load(); }

 private:
  static int Open(sqlite3_vfs* vfs, const char* name, sqlite3_file* file,
                  int flags, int* out_flags);
  static int Write(sqlite3_file* file, const void* data, int amount,
                   sqlite3_int64 offset);
  static int Sync(sqlite3_file* file, int flags);
  static FaultInjectingVfs& Of(sqlite3_vfs* vfs);

  const std::string name_;
  sqlite3_vfs* const base_;
  sqlite3_vfs vfs_;
  sqlite3_io_methods methods_v1_;
  sqlite3_io_methods methods_v2_;
  sqlite3_io_methods methods_v3_;
  std::atomic<Fault> fault_{Fault::kNone};

};

}  // namespace mesoclinic::testing

#endif  // MESOCLINIC_TESTS_STORAGE_FAULT_INJECTING_VFS_H_
