package io.scrumops.bridge.ingest;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.scrumops.bridge.mapping.UnknownMappingValueException;
import io.scrumops.bridge.store.ConcurrentlyStoredException;
import io.scrumops.bridge.store.InboxRepository;
import io.scrumops.bridge.store.QuarantineRepository;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.component.kafka.consumer.KafkaManualCommit;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;

/**
 * What a quarantine leaves in the log: one line per record; the stack trace only for a fault that is not a known data
 * error, and then once, however many layers (batch, then record by record) met it. And an offset commit refused while
 * the consumer group rebalances does not fail a batch that is stored.
 */
class InboundNormalizerTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final RecordApplier applier = mock(RecordApplier.class);
    private final QuarantineRepository quarantine = mock(QuarantineRepository.class);
    private final InboundNormalizer normalizer = new InboundNormalizer(JSON, applier, mock(InboxRepository.class),
            quarantine, new TransactionTemplate(mock(PlatformTransactionManager.class)));
    private final ListAppender<ILoggingEvent> log = new ListAppender<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger(InboundNormalizer.class);
    private final CamelContext camel = new DefaultCamelContext();

    @BeforeEach
    void captureLog() {
        log.start();
        logger.addAppender(log);
        when(quarantine.add(any(), any(), any(), any())).thenReturn(41L);
    }

    @AfterEach
    void releaseLog() {
        logger.detachAppender(log);
    }

    @Test
    void anUnexpectedFaultIsLoggedWithItsStackTraceOnceThoughTheBatchFailedOnItFirst() throws Exception {
        when(applier.apply(any())).thenThrow(new NullPointerException("fields.status is null"));

        String account = normalizer.processBatch(List.of(record(7)));

        assertThat(account).isEqualTo("1 records stored one by one (fields.status is null)");
        assertThat(log.list).hasSize(1);
        ILoggingEvent line = log.list.get(0);
        assertThat(line.getLevel()).isEqualTo(Level.ERROR);
        assertThat(line.getFormattedMessage()).isEqualTo("Inbound record 7 (jira) quarantined after an unexpected fault");
        assertThat(line.getThrowableProxy().getClassName()).isEqualTo("java.lang.NullPointerException");
    }

    @Test
    void aBatchAnotherWriterOvertookIsStoredRecordByRecordWithNothingQuarantined() throws Exception {
        when(applier.apply(any()))
                .thenReturn("stored")
                .thenThrow(new ConcurrentlyStoredException("work item jira:issue:1 was stored by another writer"))
                .thenReturn("stored");

        String account = normalizer.processBatch(List.of(record(11), record(12)));

        assertThat(account).isEqualTo("2 records stored one by one (work item jira:issue:1 was stored by another"
                + " writer)");
        verify(applier, times(4)).apply(any());
        verifyNoInteractions(quarantine);
        assertThat(log.list).isEmpty();
    }

    @Test
    void aValueTheDatabaseRefusesIsOneLineWithoutStackTrace() throws Exception {
        when(applier.apply(any())).thenThrow(new DataIntegrityViolationException("insert into work_item",
                new SQLException("ERROR: index row size 10016 exceeds btree version 4 maximum 2704", "54000")));

        normalizer.processBatch(List.of(record(8)));

        assertThat(log.list).hasSize(1);
        assertThat(log.list.get(0).getLevel()).isEqualTo(Level.WARN);
        assertThat(log.list.get(0).getFormattedMessage())
                .isEqualTo("Inbound record 8 (jira) quarantined, the database refused it:"
                        + " ERROR: index row size 10016 exceeds btree version 4 maximum 2704");
        assertThat(log.list.get(0).getThrowableProxy()).isNull();
    }

    @Test
    void anUnmappableRecordIsOneLineWithoutStackTrace() throws Exception {
        when(applier.apply(any())).thenThrow(new UnknownMappingValueException("jira.yaml", "status", "Limbo", List.of("To Do", "Done")));

        normalizer.processBatch(List.of(record(9)));

        assertThat(log.list).hasSize(1);
        assertThat(log.list.get(0).getLevel()).isEqualTo(Level.WARN);
        assertThat(log.list.get(0).getFormattedMessage()).startsWith("Inbound record 9 (jira) quarantined: ");
        assertThat(log.list.get(0).getThrowableProxy()).isNull();
    }

    @Test
    void aStoredBatchWhoseOffsetCommitARebalanceRefusesIsDoneNotFailed() throws Exception {
        when(applier.apply(any())).thenReturn("stored");
        Exchange record = record(10);
        record.getMessage().setHeader(KafkaConstants.PARTITION, 1);
        record.getMessage().setHeader(KafkaConstants.OFFSET, 42L);
        AtomicInteger commits = new AtomicInteger();
        record.getMessage().setHeader(KafkaConstants.MANUAL_COMMIT, (KafkaManualCommit) () -> {
            commits.incrementAndGet();
            throw new RebalanceInProgressException("Offset commit cannot be completed since the consumer is undergoing"
                    + " a rebalance for auto partition assignment.");
        });

        String account = normalizer.processBatch(List.of(record));

        assertThat(account).isEqualTo("1 records stored in one transaction");
        assertThat(commits.get()).isEqualTo(1);
        assertThat(log.list).hasSize(1);
        assertThat(log.list.get(0).getLevel()).isEqualTo(Level.INFO);
        assertThat(log.list.get(0).getFormattedMessage()).startsWith(
                "Offsets of a stored inbound batch not committed, the consumer group is rebalancing: ");
        assertThat(log.list.get(0).getThrowableProxy()).isNull();
    }

    private Exchange record(long inboxId) throws Exception {
        Exchange exchange = new DefaultExchange(camel);
        exchange.getMessage().setBody(JSON.writeValueAsString(new InboundEnvelope(inboxId, "jira",
                "jira:issue_created", "jira:issue:1", Map.of(), "{}")));
        return exchange;
    }
}
