// Sample output of Kafka's command-line tools, one per layout, written for the importer's tests after the
// column layouts in the Kafka docs and KIP-175 (ids, hosts and numbers are made up). Tabs and padding
// follow the tools: printf-style columns for kafka-consumer-groups.sh, tab-separated fields for
// kafka-topics.sh.

/** Kafka 1.x --describe for one group: no GROUP column, a note above, a member without partitions. */
export const DESCRIBE_WITHOUT_GROUP_COLUMN = `$ bin/kafka-consumer-groups.sh --bootstrap-server localhost:9092 --describe --group checkout
Note: This will not show information about old Zookeeper-based consumers.

TOPIC                          PARTITION  CURRENT-OFFSET  LOG-END-OFFSET  LAG        CONSUMER-ID                                       HOST                           CLIENT-ID
carts                          0          1500            1620            120        consumer1-0d2b7c44-1f0e-4a53-9c1e-5b8f3c2d1a90    /127.0.0.1                     consumer1
carts                          1          1490            1600            110        consumer1-0d2b7c44-1f0e-4a53-9c1e-5b8f3c2d1a90    /127.0.0.1                     consumer1
carts                          2          1510            1515            5          consumer2-77a1e2c3-9b8d-4c6f-a2e1-0f9e8d7c6b5a    /127.0.0.1                     consumer2
-                              -          -               -               -          consumer3-3c4d5e6f-7a8b-4c9d-8e0f-1a2b3c4d5e6f    /127.0.0.1                     consumer3
carts                          3          -               42              -          -                                                 -                              -
`;

/** Kafka 2.x/3.x --describe --all-groups: GROUP column, groups separated by blank lines, notes above. */
export const DESCRIBE_ALL_GROUPS = `
GROUP           TOPIC           PARTITION  CURRENT-OFFSET  LOG-END-OFFSET  LAG             CONSUMER-ID                                                HOST            CLIENT-ID
billing         orders          0          10400           10450           50              billing-1-6f1c0f0e-5d8a-4b6e-9a43-0c1d2f3e4a5b             /10.0.0.11      billing-1
billing         orders          1          9800            10200           400             billing-1-6f1c0f0e-5d8a-4b6e-9a43-0c1d2f3e4a5b             /10.0.0.11      billing-1
billing         orders          2          10100           10180           80              billing-2-a0b1c2d3-e4f5-4a6b-8c7d-9e0f1a2b3c4d             /10.0.0.12      billing-2
billing         orders          3          10000           10030           30              billing-2-a0b1c2d3-e4f5-4a6b-8c7d-9e0f1a2b3c4d             /10.0.0.12      billing-2

Consumer group 'audit' has no active members.

GROUP           TOPIC           PARTITION  CURRENT-OFFSET  LOG-END-OFFSET  LAG             CONSUMER-ID     HOST            CLIENT-ID
audit           orders          0          9000            10450           1450            -               -               -
audit           orders          1          9100            10200           1100            -               -               -
audit           orders          2          -               10180           -               -               -               -
audit           orders          3          9050            10030           980             -               -               -
`;

/** --describe --members --verbose (KIP-175): #PARTITIONS and the ASSIGNMENT list; an idle member. */
export const MEMBERS_VERBOSE = `GROUP           CONSUMER-ID                                                HOST            CLIENT-ID       #PARTITIONS     ASSIGNMENT
billing         billing-1-6f1c0f0e-5d8a-4b6e-9a43-0c1d2f3e4a5b             /10.0.0.11      billing-1       2               orders(0,1)
billing         billing-2-a0b1c2d3-e4f5-4a6b-8c7d-9e0f1a2b3c4d             /10.0.0.12      billing-2       2               orders(2,3)
billing         billing-3-5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9             /10.0.0.13      billing-3       0               -
`;

/** --describe --state (KIP-175): "COORDINATOR (ID)" holds a space; an Empty group has no strategy. */
export const STATE = `GROUP                     COORDINATOR (ID)          ASSIGNMENT-STRATEGY  STATE           #MEMBERS
billing                   kafka-1:9092 (1)          cooperative-sticky   Stable          3
audit                     kafka-2:9092 (2)                               Empty           0
`;

/** kafka-topics.sh --describe: the summary line, then one line per partition (tab-separated). */
export const TOPICS_DESCRIBE = [
  'Topic: orders\tTopicId: 8aZ3kL0qRj2mN5pT7vX9yA\tPartitionCount: 4\tReplicationFactor: 3\tConfigs: min.insync.replicas=2,retention.ms=86400000,cleanup.policy=delete',
  '\tTopic: orders\tPartition: 0\tLeader: 1\tReplicas: 1,2,3\tIsr: 1,2,3',
  '\tTopic: orders\tPartition: 1\tLeader: 2\tReplicas: 2,3,1\tIsr: 2,3,1',
  '\tTopic: orders\tPartition: 2\tLeader: 3\tReplicas: 3,1,2\tIsr: 3,1,2',
  '\tTopic: orders\tPartition: 3\tLeader: 1\tReplicas: 1,3,2\tIsr: 1,3',
  // Older brokers print no space after the colons and no TopicId.
  'Topic:refunds\tPartitionCount:2\tReplicationFactor:1\tConfigs:',
  '\tTopic: refunds\tPartition: 0\tLeader: 1\tReplicas: 1\tIsr: 1',
  '\tTopic: refunds\tPartition: 1\tLeader: 1\tReplicas: 1\tIsr: 1',
  '',
].join('\n');

/** Two --describe runs of one group 30 s apart, marked the way a shell session shows it. */
export const TWO_SNAPSHOTS = `GROUP           TOPIC           PARTITION  CURRENT-OFFSET  LOG-END-OFFSET  LAG             CONSUMER-ID                                  HOST            CLIENT-ID
shipping        parcels         0          5000            6000            1000            shipping-1-1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d  /10.0.1.5       shipping-1
shipping        parcels         1          5200            6100            900             shipping-2-6e7f8a9b-0c1d-4e2f-9a3b-4c5d6e7f8a9b  /10.0.1.6       shipping-2
$ sleep 30
GROUP           TOPIC           PARTITION  CURRENT-OFFSET  LOG-END-OFFSET  LAG             CONSUMER-ID                                  HOST            CLIENT-ID
shipping        parcels         0          5600            6900            1300            shipping-1-1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d  /10.0.1.5       shipping-1
shipping        parcels         1          5800            7000            1200            shipping-2-6e7f8a9b-0c1d-4e2f-9a3b-4c5d6e7f8a9b  /10.0.1.6       shipping-2
`;
