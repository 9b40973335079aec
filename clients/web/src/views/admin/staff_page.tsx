// The clinic's staff: active members, deactivated ones apart, and adding a
// member. A member's password, keys and deactivation are on their own page.

import { useState } from "preact/hooks";
import { allPages } from "../../api/paging";
import { useDirectory } from "../../app/clinic_directory";
import { useSession } from "../../app/session";
import { RefusalNotice } from "../../components/refusal_notice";
import type { StaffMember } from "../../gen/clinic/v1/staff_pb";
import { bareId } from "./bare_id";
import { StaffCreateForm } from "./staff_create_form";
import { StaffTable } from "./staff_table";
import { useLoaded } from "./use_loaded";
import "./admin.css";

export function StaffPage() {
  const { api } = useSession();
  const directory = useDirectory();
  const [added, setAdded] = useState<StaffMember>();
  const loaded = useLoaded(
    () =>
      allPages(
        (pageToken) => api.staff.listStaffMembers({ pageSize: 500, pageToken, includeInactive: true }),
        (page) => page.staffMembers,
      ),
    [api],
  );
  const staff = loaded.value;
  const failure = loaded.failure;

  const onCreated = (member: StaffMember) => {
    setAdded(member);
    loaded.reload();
    directory.reload();
  };

  const active = staff?.filter((member) => member.active) ?? [];
  const inactive = staff?.filter((member) => !member.active) ?? [];
  return (
    <section aria-labelledby="staff-title" class="admin">
      <h1 id="staff-title">Staff</h1>
      <RefusalNotice refusal={failure} />
      {!staff && !failure && <p aria-busy="true">Loading the staff…</p>}
      {staff && <StaffTable members={active} caption="Active members" />}
      {inactive.length > 0 && <StaffTable members={inactive} caption="Deactivated members" />}
      {added && (
        <p role="status" class="done">
          {added.displayName} was added.{" "}
          <a href={`/admin/staff/${bareId(added.name)}`}>
            Give {added.displayName} a password or an API key
          </a>
        </p>
      )}
      <StaffCreateForm onCreated={onCreated} />
    </section>
  );
}
