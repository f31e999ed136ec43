package io.scrumops.bridge.store;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * The application's data source, whose connections announce each statement to the {@link StoreBatch} bound to the
 * thread before it is prepared. A store batch may then hold a write back (the work items of a poll batch, upserted in
 * one statement) for exactly as long as nothing else runs on its connection: any query, any write (and whatever
 * trigger it fires) first finds those rows written, so no statement, however it reaches the table, sees less than
 * the records before it stored. Costs a thread-local look-up per statement; without a batch nothing changes.
 */
public final class StoreBatchDataSource extends DelegatingDataSource implements AutoCloseable {

    public StoreBatchDataSource(DataSource target) {
        super(target);
    }

    @Override
    public Connection getConnection() throws SQLException {
        return announcing(obtainTargetDataSource().getConnection());
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return announcing(obtainTargetDataSource().getConnection(username, password));
    }

    /** Closes the pool it wraps, as the container would have closed it unwrapped. */
    @Override
    public void close() throws Exception {
        if (obtainTargetDataSource() instanceof AutoCloseable pool) {
            pool.close();
        }
    }

    /** Whether {@code connection} came from a {@link StoreBatchDataSource} (and so announces its statements). */
    static boolean announces(Object connection) {
        return connection != null && Proxy.isProxyClass(connection.getClass())
                && Proxy.getInvocationHandler(connection) instanceof Announcing;
    }

    private static Connection announcing(Connection target) {
        return (Connection) Proxy.newProxyInstance(StoreBatchDataSource.class.getClassLoader(),
                new Class<?>[] {Connection.class}, new Announcing(target));
    }

    private record Announcing(Connection target) implements InvocationHandler {

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            switch (method.getName()) {
                case "prepareStatement", "prepareCall", "createStatement" -> StoreBatch.beforeStatement(proxy);
                case "equals" -> {
                    return proxy == args[0];
                }
                case "hashCode" -> {
                    return System.identityHashCode(proxy);
                }
                case "toString" -> {
                    return "announcing " + target;
                }
                case "unwrap" -> {
                    if (((Class<?>) args[0]).isInstance(proxy)) {
                        return proxy;
                    }
                }
                default -> {
                }
            }
            try {
                return method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getTargetException();
            }
        }
    }
}
