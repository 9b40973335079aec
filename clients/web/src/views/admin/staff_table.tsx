// A table of staff members, each name leading to the member's page.

import { dayOf, formatDay, toDate } from "../../api/clinic_time";
import { useDirectory } from "../../app/clinic_directory";
import { roleLabel } from "../../app/session";
import { TableHead } from "../../components/table_head";
import type { StaffMember } from "../../gen/clinic/v1/staff_pb";
import { bareId } from "./bare_id";

function dayWhen(timestamp: StaffMember["createTime"], zone: string): string {
  const instant = toDate(timestamp);
  return instant ? formatDay(dayOf(instant, zone)) : "";
}

export function StaffTable({ members, caption }: { members: StaffMember[]; caption: string }) {
  const { zone } = useDirectory();
  return (
    <table>
      <caption>{caption}</caption>
      <TableHead
        columns={["Name", "Role", "E-mail", "Licence", members.some((m) => !m.active) ? "Deactivated" : "Added"]}
      />
      <tbody>
        {members.map((member) => (
          <tr key={member.name}>
            <td>
              <a href={`/admin/staff/${bareId(member.name)}`}>{member.displayName}</a>
            </td>
            <td>{roleLabel(member.role)}</td>
            <td>{member.email}</td>
            <td>{member.licenceNumber}</td>
            <td class="when">{dayWhen(member.active ? member.createTime : member.deactivateTime, zone)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
