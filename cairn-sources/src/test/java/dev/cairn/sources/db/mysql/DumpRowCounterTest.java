package dev.cairn.sources.db.mysql;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DumpRowCounterTest {

    private static final String DUMP = """
            /*M!999999\\- enable the sandbox mode */
            -- MariaDB dump 10.19
            CREATE TABLE `e` (
              `x` int(11) DEFAULT NULL
            ) ENGINE=InnoDB;
            CREATE TABLE `odd ``name`` (`
              `k` text
            );
            INSERT INTO `odd ``name`` (` VALUES
            ('a\\'),(b'),
            ("q\\"),(");
            CREATE TABLE `t` (`id` int);
            INSERT INTO `t` VALUES (1,'a\\'b),(\\\\',0x00FF),(2,'😀',NULL),(3,'x\\ny','');
            INSERT INTO `t` VALUES
            (4,'(((',''),
            (5,')));',NULL);
            DELIMITER ;;
            CREATE PROCEDURE p() BEGIN
            INSERT INTO `t` VALUES (99),(98);
            END ;;
            DELIMITER ;
            /*!50001 CREATE VIEW `v` AS SELECT 1 AS `a` */;
            -- Dump completed
            """;

    private static Map<String, Long> count(InputStream in) throws IOException {
        DumpRowCounter c = new DumpRowCounter(in);
        c.transferTo(java.io.OutputStream.nullOutputStream());
        return c.rows();
    }

    @Test
    void countsRowsPerTableInOrderIgnoringStringsAndRoutineBodies() throws IOException {
        Map<String, Long> rows = count(new ByteArrayInputStream(DUMP.getBytes(StandardCharsets.UTF_8)));
        assertThat(rows).containsExactly(Map.entry("e", 0L), Map.entry("odd `name` (", 2L), Map.entry("t", 5L));
    }

    @Test
    void sameCountsWhateverTheReadSizes() throws IOException {
        byte[] bytes = DUMP.getBytes(StandardCharsets.UTF_8);
        for (long seed = 1; seed <= 50; seed++) {
            Random rnd = new Random(seed);
            InputStream trickle = new ByteArrayInputStream(bytes) {
                @Override
                public synchronized int read(byte[] b, int off, int len) {
                    return super.read(b, off, Math.min(len, 1 + rnd.nextInt(7)));
                }
            };
            assertThat(count(trickle)).as("seed %d", seed).containsEntry("t", 5L).containsEntry("odd `name` (", 2L);
        }
    }
}
