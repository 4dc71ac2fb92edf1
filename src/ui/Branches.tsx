// Branch comparison after a fork: the figures each earlier branch reached, beside the
// current run's, e.g. "branch A: 14 duplicates, branch B (now): 0".

import { useApp } from '../store/hooks';
import { formatTime } from './format';

export function Branches() {
  const branches = useApp((s) => s.branches);
  const groups = useApp((s) => s.panelFrame?.metrics.groups);
  if (branches.length === 0 || !groups) return null;
  const current = String.fromCharCode(65 + branches.length);
  return (
    <section className="qs-branches" aria-label="Branches">
      <h3>Branches</h3>
      <table>
        <thead>
          <tr>
            <th scope="col">Branch</th>
            <th scope="col">Group</th>
            <th scope="col">Duplicates</th>
            <th scope="col">Lost</th>
            <th scope="col">Dead-lettered</th>
            <th scope="col">Lag</th>
          </tr>
        </thead>
        <tbody>
          {branches.flatMap((b) =>
            Object.entries(b.groups).map(([groupId, g]) => (
              <tr key={`${b.label}-${groupId}`}>
                <th scope="row">
                  branch {b.label}{' '}
                  <small>
                    (forked at {formatTime(b.forkedAtMs)}, ran to {formatTime(b.reachedMs)})
                  </small>
                </th>
                <td>{groupId}</td>
                <td>{g.duplicates}</td>
                <td>{g.lost}</td>
                <td>{g.deadLettered}</td>
                <td>{g.lag}</td>
              </tr>
            )),
          )}
          {Object.values(groups).map((g) => (
            <tr key={`now-${g.groupId}`} className="qs-branch-current">
              <th scope="row">branch {current} (now)</th>
              <td>{g.groupId}</td>
              <td>{g.duplicates}</td>
              <td>{g.lost}</td>
              <td>{g.deadLettered}</td>
              <td>{g.lag}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
