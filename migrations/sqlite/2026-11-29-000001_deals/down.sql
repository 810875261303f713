DROP TABLE customer_values;
DROP TABLE deal_tasks;
DROP TABLE deal_events;
DROP TABLE deal_discounts;
DROP TABLE deals;
