import type { FC, PropsWithChildren } from 'hono/jsx';
import type { DrillReport } from '../../incidents/report';
import { dateTime, duration } from '../format';
import { DataTable, HeadRow, type DataColumn } from '../table';

const at = (iso: string | null) => dateTime(iso);

/** A report section: a bilingual heading, then `children` (an explanation) and a table of `rows`, or "None". */
function ReportTable<T>({ zh, en, rows, columns, children }: PropsWithChildren<{ zh: string; en: string; rows: T[]; columns: DataColumn<T>[] }>) {
  return (
    <section>
      <h2>
        {zh} <small>{en}</small>
      </h2>
      {rows.length > 0 && children}
      <DataTable lang="both" rows={rows} columns={columns} />
    </section>
  );
}

const attribution = (a: string) => (a === 'authenticated' ? '已认证 authenticated' : a === 'unverified' ? '未验证 unverified' : a);

/** The after-action report page (times in Asia/Shanghai); JSON and CSV carry the same data. */
export const ReportPage: FC<{ r: DrillReport }> = ({ r }) => (
  <div class="card">
      <h1>
        演练复盘报告 <small>After-action report</small>: {r.drill.name}
      </h1>
      <dl class="facts">
        <dt>演练时间 Window</dt>
        <dd>
          {at(r.drill.starts_at)} – {at(r.drill.ends_at)} (北京时间 Asia/Shanghai)
        </dd>
        <dt>范围 Scope</dt>
        <dd>{typeof r.drill.scope === 'string' ? '全区 All units' : r.drill.scope.units.join('、')}</dd>
        <dt>告警事件 Incidents</dt>
        <dd>
          {r.summary.incidents} (已标注攻击时间 annotated: {r.summary.annotated})
        </dd>
        <dt>发现时长中位数 Median time to detect</dt>
        <dd>{duration(r.summary.median_time_to_detect_seconds)}</dd>
        <dt>最长发现时长 Longest time to detect</dt>
        <dd>{duration(r.summary.max_time_to_detect_seconds)}</dd>
      </dl>
      <p>
        <a href={`/api/drills/${r.drill.id}/report`}>JSON</a> · <a href={`/api/drills/${r.drill.id}/report.csv`}>CSV</a>
      </p>

      <ReportTable
        zh="事件时间线"
        en="Incident timeline"
        rows={r.incidents}
        columns={[
          ['告警时间', 'Fired', (i) => at(i.starts_at)],
          ['告警', 'Alert', (i) => <>{i.alertname} <small>{i.severity ?? ''}</small></>],
          ['设备', 'Device', (i) => i.device ?? '—'],
          ['摘要', 'Summary', (i) => i.summary],
          ['攻击开始', 'Attack start', (i) => at(i.attack_started_at)],
          ['发现时长', 'Time to detect', (i) => duration(i.time_to_detect_seconds)],
          ['恢复', 'Resolved', (i) => at(i.ends_at)],
          ['处置时长', 'Time to resolve', (i) => duration(i.time_to_resolve_seconds)],
        ]}
      />
      <ReportTable
        zh="演练记录"
        en="Drill notes"
        rows={r.notes}
        columns={[
          ['时间', 'Time', (n) => at(n.time)],
          ['记录人', 'By', (n) => n.author],
          ['内容', 'Note', (n) => n.text],
        ]}
      />

      <p class="none">{r.attribution_note}</p>
      <ReportTable
        zh="未知来源的 Trap"
        en="Traps from unknown sources"
        rows={r.unknown_sources}
        columns={[
          ['来源地址', 'Source', (u) => u.source],
          ['数量', 'Traps', (u) => u.traps],
          ['其中已认证', 'SNMPv3-authenticated', (u) => u.authenticated],
          ['首次', 'First', (u) => at(u.first)],
          ['最后', 'Last', (u) => at(u.last)],
          ['类型', 'Traps seen', (u) => u.traps_seen.join(', ')],
        ]}
      />
      <ReportTable
        zh="认证失败（按设备）"
        en="Authentication failures by device"
        rows={r.authentication_failures}
        columns={[
          ['设备', 'Device', (a) => a.device],
          ['authenticationFailure trap', 'authenticationFailure trap', (a) => a.auth_failure_traps],
          ['告警', 'Alerts', (a) => a.alerts],
          ['首次', 'First seen', (a) => at(a.first_seen)],
        ]}
      />
      <ReportTable
        zh="告警报文（按类型）"
        en="Traps by type"
        rows={r.traps_by_type}
        columns={[
          ['类型', 'Trap', (x) => x.trap],
          ['数量', 'Traps', (x) => x.traps],
          ['首次', 'First seen', (x) => at(x.first_seen)],
          ['最后', 'Last seen', (x) => at(x.last_seen)],
        ]}
      />
      <ReportTable
        zh="被拒绝的报文（声称的来源）"
        en="Refused datagrams, by the source they claim"
        rows={r.rejected_datagrams}
        columns={[
          ['声称的来源', 'Claimed source', (x) => x.claimed_source],
          ['该地址的设备', 'Device at that address', (x) => x.address_of_device ?? '—'],
          ['原因', 'Reason', (x) => x.reason],
          ['数量', 'Datagrams', (x) => x.datagrams],
          ['首次', 'First', (x) => at(x.first_seen)],
          ['最后', 'Last', (x) => at(x.last_seen)],
        ]}
      >
        <p class="none">未经认证的报文可伪造源地址：下表只说明报文“声称来自”某地址，不代表该地址的设备发送了它。 Unauthenticated datagrams can forge their source: these are datagrams claiming a source, not acts of the device at that address.</p>
      </ReportTable>
      <ReportTable
        zh="设备离线或重启"
        en="Devices that went down"
        rows={r.devices_down}
        columns={[
          ['设备', 'Device', (x) => x.device],
          ['告警', 'Alert', (x) => x.alertname],
          ['开始', 'From', (x) => at(x.starts_at)],
          ['结束', 'Until', (x) => at(x.ends_at)],
          ['持续', 'Duration', (x) => duration(x.duration_seconds)],
        ]}
      />
      <ReportTable
        zh="配置变更"
        en="Configuration changes"
        rows={r.configuration_changes}
        columns={[
          ['时间', 'Time', (c) => at(c.time)],
          ['设备', 'Device', (c) => c.device || '—'],
          ['来源', 'Source', (c) => c.source],
          ['类型', 'What', (c) => c.what],
          ['摘要', 'Summary', (c) => c.summary],
          ['可信度', 'Attribution', (c) => attribution(c.attribution)],
        ]}
      />
      <p class="none">生成于 Generated {at(r.generated_at)}</p>
  </div>
);

/** /drills: every drill window with links to its report. */
export const DrillsPage: FC<{ drills: { id: number; name: string; starts_at: string; ends_at: string; active: boolean }[]; form: { csrf: string } | null }> = ({ drills, form }) => (
  <>
      <h1>
        攻防演练 <small>Drills</small>
      </h1>
      {drills.length ? (
        <table>
          <HeadRow lang="both" columns={[['名称', 'Name'], ['开始', 'Start'], ['结束', 'End'], ['状态', 'State'], ['复盘报告', 'Report']]} />
          <tbody>
          {drills.map((d) => (
            <tr>
              <td>
                <a href={`/drills/${d.id}`}>{d.name}</a>
              </td>
              <td>{at(d.starts_at)}</td>
              <td>{at(d.ends_at)}</td>
              <td>{d.active ? '进行中 active' : new Date(d.ends_at) < new Date() ? '已结束 ended' : '未开始 upcoming'}</td>
              <td>
                <a href={`/drills/${d.id}/report`}>报告 report</a>
              </td>
            </tr>
          ))}
          </tbody>
        </table>
      ) : (
        <p class="none">尚无演练 No drills yet</p>
      )}
      {form && (
        <form method="post" action="/drills" class="card filters">
          <input type="hidden" name="_csrf" value={form.csrf} />
          <strong style="width:100%">新建演练 New drill</strong>
          <label>
            名称 Name
            <input name="name" required maxlength={128} />
          </label>
          <label>
            开始（北京时间） Start
            <input name="starts_at" type="datetime-local" required />
          </label>
          <label>
            结束（北京时间） End
            <input name="ends_at" type="datetime-local" required />
          </label>
          <label>
            说明 Notes
            <input name="notes" maxlength={10_000} />
          </label>
          <button type="submit">创建 Create</button>
        </form>
      )}
  </>
);
