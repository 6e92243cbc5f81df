import type { FC, PropsWithChildren } from 'hono/jsx';
import type { DrillReport } from '../../incidents/report';
import { dateTime, duration } from '../format';
import { HeadRow } from '../table';

const at = (iso: string | null) => dateTime(iso);

const Section: FC<PropsWithChildren<{ zh: string; en: string; empty: boolean }>> = ({ zh, en, empty, children }) => (
  <section>
    <h2>
      {zh} <small>{en}</small>
    </h2>
    {empty ? <p class="none">无 None</p> : children}
  </section>
);

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

      <Section zh="事件时间线" en="Incident timeline" empty={!r.incidents.length}>
        <table>
          <HeadRow lang="both" columns={[['告警时间', 'Fired'], ['告警', 'Alert'], ['设备', 'Device'], ['摘要', 'Summary'], ['攻击开始', 'Attack start'], ['发现时长', 'Time to detect'], ['恢复', 'Resolved'], ['处置时长', 'Time to resolve']]} />
          <tbody>
          {r.incidents.map((i) => (
            <tr>
              <td>{at(i.starts_at)}</td>
              <td>
                {i.alertname} <small>{i.severity ?? ''}</small>
              </td>
              <td>{i.device ?? '—'}</td>
              <td>{i.summary}</td>
              <td>{at(i.attack_started_at)}</td>
              <td>{duration(i.time_to_detect_seconds)}</td>
              <td>{at(i.ends_at)}</td>
              <td>{duration(i.time_to_resolve_seconds)}</td>
            </tr>
          ))}
          </tbody>
        </table>
      </Section>

      <Section zh="演练记录" en="Drill notes" empty={!r.notes.length}>
        <table>
          <HeadRow lang="both" columns={[['时间', 'Time'], ['记录人', 'By'], ['内容', 'Note']]} />
          <tbody>
          {r.notes.map((n) => (
            <tr>
              <td>{at(n.time)}</td>
              <td>{n.author}</td>
              <td>{n.text}</td>
            </tr>
          ))}
          </tbody>
        </table>
      </Section>

      <p class="none">{r.attribution_note}</p>
      <Section zh="未知来源的 Trap" en="Traps from unknown sources" empty={!r.unknown_sources.length}>
        <table>
          <HeadRow lang="both" columns={[['来源地址', 'Source'], ['数量', 'Traps'], ['其中已认证', 'SNMPv3-authenticated'], ['首次', 'First'], ['最后', 'Last'], ['类型', 'Traps seen']]} />
          <tbody>
          {r.unknown_sources.map((u) => (
            <tr>
              <td>{u.source}</td>
              <td>{u.traps}</td>
              <td>{u.authenticated}</td>
              <td>{at(u.first)}</td>
              <td>{at(u.last)}</td>
              <td>{u.traps_seen.join(', ')}</td>
            </tr>
          ))}
          </tbody>
        </table>
      </Section>

      <Section zh="认证失败（按设备）" en="Authentication failures by device" empty={!r.authentication_failures.length}>
        <table>
          <HeadRow lang="both" columns={[['设备', 'Device'], ['authenticationFailure trap', 'authenticationFailure trap'], ['告警', 'Alerts'], ['首次', 'First seen']]} />
          <tbody>
          {r.authentication_failures.map((a) => (
            <tr>
              <td>{a.device}</td>
              <td>{a.auth_failure_traps}</td>
              <td>{a.alerts}</td>
              <td>{at(a.first_seen)}</td>
            </tr>
          ))}
          </tbody>
        </table>
      </Section>

      <Section zh="告警报文（按类型）" en="Traps by type" empty={!r.traps_by_type.length}>
        <table>
          <HeadRow lang="both" columns={[['类型', 'Trap'], ['数量', 'Traps'], ['首次', 'First seen'], ['最后', 'Last seen']]} />
          <tbody>
          {r.traps_by_type.map((x) => (
            <tr>
              <td>{x.trap}</td>
              <td>{x.traps}</td>
              <td>{at(x.first_seen)}</td>
              <td>{at(x.last_seen)}</td>
            </tr>
          ))}
          </tbody>
        </table>
      </Section>

      <Section zh="被拒绝的报文（声称的来源）" en="Refused datagrams, by the source they claim" empty={!r.rejected_datagrams.length}>
        <p class="none">未经认证的报文可伪造源地址：下表只说明报文“声称来自”某地址，不代表该地址的设备发送了它。 Unauthenticated datagrams can forge their source: these are datagrams claiming a source, not acts of the device at that address.</p>
        <table>
          <HeadRow lang="both" columns={[['声称的来源', 'Claimed source'], ['该地址的设备', 'Device at that address'], ['原因', 'Reason'], ['数量', 'Datagrams'], ['首次', 'First'], ['最后', 'Last']]} />
          <tbody>
          {r.rejected_datagrams.map((x) => (
            <tr>
              <td>{x.claimed_source}</td>
              <td>{x.address_of_device ?? '—'}</td>
              <td>{x.reason}</td>
              <td>{x.datagrams}</td>
              <td>{at(x.first_seen)}</td>
              <td>{at(x.last_seen)}</td>
            </tr>
          ))}
          </tbody>
        </table>
      </Section>

      <Section zh="设备离线或重启" en="Devices that went down" empty={!r.devices_down.length}>
        <table>
          <HeadRow lang="both" columns={[['设备', 'Device'], ['告警', 'Alert'], ['开始', 'From'], ['结束', 'Until'], ['持续', 'Duration']]} />
          <tbody>
          {r.devices_down.map((x) => (
            <tr>
              <td>{x.device}</td>
              <td>{x.alertname}</td>
              <td>{at(x.starts_at)}</td>
              <td>{at(x.ends_at)}</td>
              <td>{duration(x.duration_seconds)}</td>
            </tr>
          ))}
          </tbody>
        </table>
      </Section>

      <Section zh="配置变更" en="Configuration changes" empty={!r.configuration_changes.length}>
        <table>
          <HeadRow lang="both" columns={[['时间', 'Time'], ['设备', 'Device'], ['来源', 'Source'], ['类型', 'What'], ['摘要', 'Summary'], ['可信度', 'Attribution']]} />
          <tbody>
          {r.configuration_changes.map((c) => (
            <tr>
              <td>{at(c.time)}</td>
              <td>{c.device || '—'}</td>
              <td>{c.source}</td>
              <td>{c.what}</td>
              <td>{c.summary}</td>
              <td>{c.attribution === 'authenticated' ? '已认证 authenticated' : c.attribution === 'unverified' ? '未验证 unverified' : c.attribution}</td>
            </tr>
          ))}
          </tbody>
        </table>
      </Section>
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
