import type { CaseDeadline } from '../../platform';
import DeadlineTable from '../cases/DeadlineTable';

/** 期限 — each deadline with its legal basis, the event it counts from, due date and days left. */
export default function Deadlines({ caseId, deadlines }: { caseId: string; deadlines: CaseDeadline[] }) {
  return (
    <div data-testid="case-tab-deadlines" data-case-id={caseId}>
      <DeadlineTable deadlines={deadlines} />
    </div>
  );
}
