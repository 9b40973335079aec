#include "tests/storage/fault_injecting_vfs.h"

#include <cstring>
#include <utility>

namespace mesoclinic::testing {

namespace {

// Our file: the base VFS's file follows it in the same allocation
// (szOsFile covers both).
struct WrappedFile {
  sqlite3_file base;  // Must come first: SQLite sees a sqlite3_file*.
  FaultInjectingVfs* owner;
  sqlite3_file* real() { return reinterpret_cast<sqlite3_file*>(this + 1); }
};

using File = sqlite3_file;

sqlite3_file* Real(sqlite3_file* file) {
  return reinterpret_cast<WrappedFile*>(file)->real();
}

// Forwarders for every other method of the real file.

int Close(File* f) { return Real(f)->pMethods->xClose(Real(f)); }
int Read(File* f, void* d, int n, sqlite3_int64 o) {
  return Real(f)->pMethods->xRead(Real(f), d, n, o);
}
int Truncate(File* f, sqlite3_int64 s) {
  return Real(f)->pMethods->xTruncate(Real(f), s);
}
int FileSize(File* f, sqlite3_int64* s) {
  return Real(f)->pMethods->xFileSize(Real(f), s);
}
int Lock(File* f, int l) { return Real(f)->pMethods->xLock(Real(f), l); }
int Unlock(File* f, int l) { return Real(f)->pMethods->xUnlock(Real(f), l); }
int CheckReservedLock(File* f, int* r) {
  return Real(f)->pMethods->xCheckReservedLock(Real(f), r);
}
int FileControl(File* f, int op, void* arg) {
  return Real(f)->pMethods->xFileControl(Real(f), op, arg);
}
int SectorSize(File* f) { return Real(f)->pMethods->xSectorSize(Real(f)); }
int DeviceCharacteristics(File* f) {
  return Real(f)->pMethods->xDeviceCharacteristics(Real(f));
}
int ShmMap(File* f, int page, int size, int extend, void volatile** out) {
  return Real(f)->pMethods->xShmMap(Real(f), page, size, extend, out);
}
int ShmLock(File* f, int offset, int n, int flags) {
  return Real(f)->pMethods->xShmLock(Real(f), offset, n, flags);
}
void ShmBarrier(File* f) { Real(f)->pMethods->xShmBarrier(Real(f)); }
int ShmUnmap(File* f, int drop) {
  return Real(f)->pMethods->xShmUnmap(Real(f), drop);
}
int Fetch(File* f, sqlite3_int64 o, int n, void** p) {
  return Real(f)->pMethods->xFetch(Real(f), o, n, p);
}
int Unfetch(File* f, sqlite3_int64 o, void* p) {
  return Real(f)->pMethods->xUnfetch(Real(f), o, p);
}

}  // namespace

FaultInjectingVfs::FaultInjectingVfs(std::string name)
    : name_(std::move(name)), base_(sqlite3_vfs_find(nullptr)) {
  vfs_ = *base_;
  vfs_.zName = name_.c_str();
  vfs_.pAppData = this;
  vfs_.szOsFile = static_cast<int>(sizeof(WrappedFile)) + base_->szOsFile;
  vfs_.xOpen = &FaultInjectingVfs::Open;
  vfs_.pNext = nullptr;

  sqlite3_io_methods methods;
  std::memset(&methods, 0, sizeof(methods));
  methods.xClose = &Close;
  methods.xRead = &Read;
  methods.xWrite = &FaultInjectingVfs::Write;
  methods.xTruncate = &Truncate;
  methods.xSync = &FaultInjectingVfs::Sync;
  methods.xFileSize = &FileSize;
  methods.xLock = &Lock;
  methods.xUnlock = &Unlock;
  methods.xCheckReservedLock = &CheckReservedLock;
  methods.xFileControl = &FileControl;
  methods.xSectorSize = &SectorSize;
  methods.xDeviceCharacteristics = &DeviceCharacteristics;
  methods.iVersion = 1;
  methods_v1_ = methods;
  methods.xShmMap = &ShmMap;
  methods.xShmLock = &ShmLock;
  methods.xShmBarrier = &ShmBarrier;
  methods.xShmUnmap = &ShmUnmap;
  methods.iVersion = 2;
  methods_v2_ = methods;
  methods.xFetch = &Fetch;
  methods.xUnfetch = &Unfetch;
  methods.iVersion = 3;
  methods_v3_ = methods;
  sqlite3_vfs_register(&vfs_, /*makeDflt=*/0);
}

FaultInjectingVfs::~FaultInjectingVfs() { sqlite3_vfs_unregister(&vfs_); }

FaultInjectingVfs& FaultInjectingVfs::Of(sqlite3_vfs* vfs) {
  return *static_cast<FaultInjectingVfs*>(vfs->pAppData);
}

int FaultInjectingVfs::Open(sqlite3_vfs* vfs, const char* name,
                            sqlite3_file* file, int flags, int* out_flags) {
  FaultInjectingVfs& self = Of(vfs);
  WrappedFile* ours = reinterpret_cast<WrappedFile*>(file);
  ours->owner = &self;
  ours->base.pMethods = nullptr;
  if (self.fault() == Fault::kReadOnly && (flags & SQLITE_OPEN_READWRITE)) {
    // What the unix VFS does when open(O_RDWR) fails: open read-only.
    flags = (flags & ~(SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE)) |
            SQLITE_OPEN_READONLY;
  }
  const int result =
      self.base_->xOpen(self.base_, name, ours->real(), flags, out_flags);
  if (result != SQLITE_OK) return result;
  if (ours->real()->pMethods == nullptr) return result;
  switch (ours->real()->pMethods->iVersion) {
    case 1:
      ours->base.pMethods = &self.methods_v1_;
      break;
    case 2:
      ours->base.pMethods = &self.methods_v2_;
      break;
    default:
      ours->base.pMethods = &self.methods_v3_;
      break;
  }
  return result;
}

int FaultInjectingVfs::Write(sqlite3_file* file, const void* data, int amount,
                             sqlite3_int64 offset) {
  WrappedFile* ours = reinterpret_cast<WrappedFile*>(file);
  FaultInjectingVfs& self = *ours->owner;
  switch (self.fault()) {
    case Fault::kDiskFull:
      return SQLITE_FULL;
    case Fault::kReadOnly:
      return SQLITE_IOERR_WRITE;
    case Fault::kSyncFails:
    case Fault::kNone:
      break;
  }
  return ours->real()->pMethods->xWrite(ours->real(), data, amount, offset);
}

int FaultInjectingVfs::Sync(sqlite3_file* file, int flags) {
  WrappedFile* ours = reinterpret_cast<WrappedFile*>(file);
  if (ours->owner->fault() == Fault::kSyncFails) return SQLITE_IOERR_FSYNC;
  return ours->real()->pMethods->xSync(ours->real(), flags);
}

}  // namespace mesoclinic::testing
