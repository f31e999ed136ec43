package io.scrumops.bridge.config;

import io.scrumops.bridge.store.StoreBatchDataSource;
import javax.sql.DataSource;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration
class StoreBatchDataSourceConfig {

    /**
     * Every user of the data source (repositories, the transaction manager, Flyway) gets it wrapped, so that a store
     * batch sees each statement on its connection before it runs ({@link StoreBatchDataSource}).
     */
    @Bean
    static BeanPostProcessor storeBatchDataSource() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                return bean instanceof DataSource dataSource && !(bean instanceof StoreBatchDataSource)
                        ? new StoreBatchDataSource(dataSource) : bean;
            }
        };
    }
}
