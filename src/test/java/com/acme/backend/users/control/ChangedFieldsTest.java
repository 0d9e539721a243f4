package com.acme.backend.users.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.acme.backend.users.entity.User;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChangedFieldsTest {

    private final User ada = new User("Ada", "ada@example.com", Instant.EPOCH);

    @Test
    void namesOnlyTheFieldsThatChange() {
        assertEquals(List.of(), UserStore.changedFields(ada, new UserDraft("Ada", "ada@example.com")));
        assertEquals(List.of("name"), UserStore.changedFields(ada, new UserDraft("Ada King", "ada@example.com")));
        assertEquals(List.of("email"), UserStore.changedFields(ada, new UserDraft("Ada", "king@example.com")));
        assertEquals(List.of("name", "email"), UserStore.changedFields(ada, new UserDraft("A", "a@example.com")));
    }
}
