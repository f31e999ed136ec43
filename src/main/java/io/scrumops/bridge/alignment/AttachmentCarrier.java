package io.scrumops.bridge.alignment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.scrumops.bridge.adapter.jira.JiraAttachments;
import io.scrumops.bridge.adapter.jira.JiraProperties;
import io.scrumops.bridge.adapter.servicenow.ServiceNowAttachments;
import io.scrumops.bridge.adapter.servicenow.ServiceNowProperties;
import io.scrumops.bridge.adapter.servicenow.ServiceNowTableReader;
import io.scrumops.bridge.adapter.servicenow.ServiceNowTableSweep;
import io.scrumops.bridge.model.CommentVisibility;
import io.scrumops.bridge.model.SourceSystem;
import io.scrumops.bridge.store.AttachmentCarryRepository;
import io.scrumops.bridge.store.AuditLogRepository;
import io.scrumops.bridge.store.SyncLinkRepository;
import io.scrumops.bridge.store.WatermarkRepository;
import io.scrumops.bridge.writeback.AttachmentSource;
import io.scrumops.bridge.writeback.JiraAttachmentUpload;
import io.scrumops.bridge.writeback.JiraComment;
import io.scrumops.bridge.writeback.ServiceNowAttachmentUpload;
import io.scrumops.bridge.writeback.ServiceNowJournalEntry;
import io.scrumops.bridge.writeback.WriteCommand;
import io.scrumops.bridge.writeback.WriteCommandQueue;
import io.scrumops.bridge.writeback.WriteResult;
import io.scrumops.bridge.writeback.WriteResultListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Carries attachments between the two sides of a pair, each file once: a Jira issue's attachments as its webhooks and
 * reads list them, a ServiceNow record's as the {@code sys_attachment} poll finds them. A file is recognised by its
 * origin id; its copy by the id the target answered with (or, until then, its name and size on that side), so a copy
 * is never carried back. Before a file is queued the target's caps are checked (size per file, files per record); a
 * file over a cap is not sent and a comment or work note names it with a link instead. Files are copied by the
 * writers as streams; deleting a file on one side is not carried.
 */
@Component("attachmentCarrier")
public class AttachmentCarrier implements AttachmentSource, WriteResultListener {

    private static final Logger LOG = LoggerFactory.getLogger(AttachmentCarrier.class);
    private static final String WATERMARK = "servicenow:sys_attachment";
    private static final DateTimeFormatter STORED = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Caps of one target system. */
    record Caps(long maxBytes, long maxCount) {
    }

    private final AttachmentCarryRepository carries;
    private final SyncLinkRepository links;
    private final WriteCommandQueue queue;
    private final AuditLogRepository audit;
    private final JiraAttachments jira;
    private final ServiceNowAttachments serviceNow;
    private final ServiceNowTableReader reader;
    private final WatermarkRepository watermarks;
    private final AlignmentService alignment;
    private final AlignmentSettings settings;
    private final JiraProperties jiraProperties;
    private final ServiceNowProperties serviceNowProperties;
    private final ConfiguredFields configured;
    private final Clock clock;
    private final boolean enabled;
    private final Caps jiraCaps;
    private final Caps serviceNowCaps;

    public AttachmentCarrier(AttachmentCarryRepository carries, SyncLinkRepository links, WriteCommandQueue queue,
                             AuditLogRepository audit, JiraAttachments jira, ServiceNowAttachments serviceNow,
                             ServiceNowTableReader reader, WatermarkRepository watermarks,
                             @Lazy AlignmentService alignment, AlignmentSettings settings, JiraProperties jiraProperties,
                             ServiceNowProperties serviceNowProperties, ConfiguredFields configured, Clock clock,
                             @Value("${scrumops.attachments.enabled:true}") boolean enabled,
                             @Value("${scrumops.attachments.jira-max-bytes:104857600}") long jiraMaxBytes,
                             @Value("${scrumops.attachments.jira-max-count:50}") long jiraMaxCount,
                             @Value("${scrumops.attachments.servicenow-max-bytes:104857600}") long serviceNowMaxBytes,
                             @Value("${scrumops.attachments.servicenow-max-count:50}") long serviceNowMaxCount) {
        this.carries = carries;
        this.links = links;
        this.queue = queue;
        this.audit = audit;
        this.jira = jira;
        this.serviceNow = serviceNow;
        this.reader = reader;
        this.watermarks = watermarks;
        this.alignment = alignment;
        this.settings = settings;
        this.jiraProperties = jiraProperties;
        this.serviceNowProperties = serviceNowProperties;
        this.configured = configured;
        this.clock = clock;
        this.enabled = enabled;
        this.jiraCaps = new Caps(jiraMaxBytes, jiraMaxCount);
        this.serviceNowCaps = new Caps(serviceNowMaxBytes, serviceNowMaxCount);
    }

    /** The attachments a Jira change listed ({@code fields.attachment} as JSON text), carried to the incident. */
    void fromJira(Pair pair, String attachmentJson) {
        if (!enabled || attachmentJson == null || pair.serviceNow() == null || pair.jira() == null) {
            return;
        }
        JsonNode list;
        try {
            list = JSON.readTree(attachmentJson);
        } catch (IOException e) {
            return;
        }
        for (JiraAttachments.Attachment a : JiraAttachments.listed(list)) {
            String originId = "jira:attachment:" + a.id();
            if (carries.isKnown(originId) || carries.isCopy(originId, pair.id(), SourceSystem.JIRA, a.fileName(), a.size())
                    || alignment.isBridgeAccount(SourceSystem.JIRA, a.author())) {
                continue;
            }
            String table = pair.serviceNowTable(settings.serviceNowTable());
            carry(pair, SourceSystem.SERVICENOW, originId, a.fileName(), a.size(), jira.contentUrl(a.id()),
                    new ServiceNowAttachmentUpload(pair.id(), table, pair.serviceNow().nativeId(), originId, a.id(),
                            a.fileName(), a.mimeType(), a.size()));
        }
    }

    /** One {@code sys_attachment} row of a paired record, carried to the work package. */
    public void fromServiceNow(JsonNode row) {
        ServiceNowAttachments.Attachment a = ServiceNowAttachments.fromRow(row);
        if (a.recordSysId() == null || a.fileName() == null) {
            return;
        }
        String originId = "servicenow:attachment:" + a.sysId();
        var link = links.findByNative(SourceSystem.SERVICENOW, a.recordSysId());
        if (link.isEmpty() || carries.isKnown(originId)) {
            return;
        }
        Pair pair = alignment.pair(link.get().workItemId()).orElse(null);
        if (pair == null || pair.jira() == null
                || carries.isCopy(originId, pair.id(), SourceSystem.SERVICENOW, a.fileName(), a.size())
                || alignment.isBridgeAccount(SourceSystem.SERVICENOW, a.createdBy())) {
            return;
        }
        carry(pair, SourceSystem.JIRA, originId, a.fileName(), a.size(), serviceNow.fileUrl(a.sysId()),
                new JiraAttachmentUpload(pair.id(), pair.jira().nativeKey(), originId, a.sysId(), a.fileName(),
                        a.contentType(), a.size()));
    }

    private void carry(Pair pair, SourceSystem target, String originId, String fileName, Long size, String link,
                       WriteCommand upload) {
        Caps caps = target == SourceSystem.JIRA ? jiraCaps : serviceNowCaps;
        String over = null;
        if (size != null && size > caps.maxBytes()) {
            over = "larger than the " + megabytes(caps.maxBytes()) + " a file may have in " + target.code();
        } else if (carries.countCarried(pair.id(), target) >= caps.maxCount()) {
            over = "more than the " + caps.maxCount() + " files the bridge copies to one " + target.code() + " record";
        }
        if (over == null) {
            if (carries.claim(originId, pair.id(), target, fileName, size, AttachmentCarryRepository.CARRYING)) {
                queue.enqueue("attachment:" + originId, upload);
            }
            return;
        }
        if (!carries.claim(originId, pair.id(), target, fileName, size, AttachmentCarryRepository.NOTICE)) {
            return;
        }
        String note = "Attachment " + fileName + (size == null ? "" : " (" + megabytes(size) + ")") + " not copied: "
                + over + ". Open it here: " + link;
        WriteCommand notice = target == SourceSystem.JIRA
                ? new JiraComment(pair.id(), pair.jira().nativeKey(), note, null, CommentVisibility.INTERNAL, null)
                : new ServiceNowJournalEntry(pair.id(), pair.serviceNowTable(settings.serviceNowTable()),
                pair.serviceNow().nativeId(), note, null, CommentVisibility.INTERNAL, null);
        queue.enqueue("attachment-notice:" + originId, notice);
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("attachment", originId);
        detail.put("file", fileName);
        detail.put("size", size);
        detail.put("to", target.code());
        detail.put("reason", over);
        audit.record("bridge", "alignment.attachment-over-cap", pair.id(), detail);
    }

    /** The scheduled read of new {@code sys_attachment} rows of the paired tables. */
    public void pollServiceNow() {
        if (!enabled || !serviceNowProperties.isConfigured()) {
            return;
        }
        java.util.Set<String> tables = new java.util.LinkedHashSet<>();
        tables.addAll(settings.pairedTables());
        tables.addAll(configured.mappings().serviceNowTables());
        String from = watermarks.get(WATERMARK).orElseGet(() -> STORED.format(clock.instant().minusSeconds(3600)
                .atZone(ZoneOffset.UTC)));
        ServiceNowTableSweep.Result result = reader.sweep("sys_attachment", "table_nameIN" + String.join(",", tables),
                new ServiceNowTableSweep.Position(from, null), row -> {
                    try {
                        fromServiceNow(row);
                    } catch (RuntimeException e) {
                        LOG.warn("ServiceNow attachment {} not carried: {}", row.path("sys_id").asText(), e.getMessage());
                    }
                }, (pages, records, last) -> { });
        watermarks.set(WATERMARK, result.last().updatedOn());
    }

    @Override
    public Opened open(SourceSystem system, String attachmentId) {
        return system == SourceSystem.JIRA ? jira.download(attachmentId) : serviceNow.download(attachmentId);
    }

    @Override
    public void applied(WriteCommand command, WriteResult result) {
        String originId = command instanceof JiraAttachmentUpload j ? j.originId()
                : command instanceof ServiceNowAttachmentUpload s ? s.originId() : null;
        if (originId == null || result.remoteId() == null) {
            return;
        }
        String checksum = result.remoteKey() != null && result.remoteKey().startsWith("sha256:")
                ? result.remoteKey().substring("sha256:".length()) : null;
        carries.recordCopy(originId, result.remoteId(), checksum);
    }

    private static String megabytes(long bytes) {
        return String.format(java.util.Locale.ROOT, "%.1f MB", bytes / 1048576.0);
    }
}
