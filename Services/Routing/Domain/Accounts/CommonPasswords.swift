/// Passwords tried first by anyone guessing (mật khẩu phổ biến): the commonest from public breach lists and the
/// Vietnamese favourites ("matkhau", "123456a@", "anhyeuem"), stored as `PasswordPolicy.folded` compares them —
/// lower case, without diacritics or spaces.
enum CommonPasswords {
    static let list: Set<String> = [
        "!qaz2wsx", "000000", "0000000000", "0123456", "01234567", "012345678", "0123456789", "0987654321", "1111",
        "111111", "11111111", "1111111111", "11111111a", "112233", "11223344", "1122334455", "121212", "123123",
        "123123123", "123321", "1234", "12341234", "12345", "123456", "123456123456", "1234567", "12345678",
        "123456789", "1234567890", "1234567891", "12345678910", "123456789123", "123456789@", "123456789a",
        "12345678@", "12345678a", "1234567@", "123456@", "123456@a", "123456a", "123456a@", "123456a@a", "123456aa",
        "1234qwer", "123abc", "123qwe", "131313", "147258", "147258369", "159357", "159753", "19001009", "1q2w3e",
        "1q2w3e4r", "1q2w3e4r5t", "1qaz!qaz", "1qaz2wsx", "1qaz@wsx", "1qazxsw2", "2000", "456789", "5201314",
        "520520", "555555", "654321", "666666", "66666666", "696969", "741852963", "777777", "7777777", "789456",
        "789456123", "88888888", "88888888a", "963852741", "987654321", "9876543210", "999999999", "a123456",
        "a12345678", "a123456789", "a@123456", "aa123456", "aaaaaa", "aaaaaaaaaa", "abc123", "abc12345", "abc123456",
        "abc@123", "abc@1234", "abcd1234", "abcdefgh", "abcdefghij", "access", "admin", "admin123", "admin1234",
        "admin@123", "admin@1234", "administrator", "amanda", "andrew", "anhyeuem", "anhyeuem123", "asdf1234",
        "asdfgh", "asdfghjkl", "ashley", "austin", "baseball", "batman", "biteme", "buster", "changeme", "charlie",
        "cheese", "chelsea", "computer", "conchim", "conmeo", "dallas", "daniel", "default", "dragon", "emyeuanh",
        "emyeuanh123", "football", "freedom", "george", "ginger", "guest", "hanoi", "hanoi123", "harley", "hello123",
        "hello@123", "hochiminh", "hochiminh123", "hockey", "hunter", "iloveyou", "iloveyou1", "iloveyou123",
        "jennifer", "jessica", "jordan", "joshua", "killer", "klaster", "letmein", "letmein123", "love", "lovely",
        "loveyou", "maggie", "master", "matkhau", "matkhau123", "matkhau1234", "matkhau12345", "matkhau@123",
        "matkhaumoi123", "matrix", "matthew", "michael", "michelle", "minecraft", "monkey", "motdentam", "mustang",
        "nguyen", "nguyen123", "nicole", "p@ssw0rd", "p@ssw0rd123", "p@ssword", "pass", "pass@123", "pass@word1",
        "passw0rd", "passw0rd1", "password", "password1", "password123", "password1234", "password@123", "pepper",
        "princess", "q1w2e3r4", "q1w2e3r4t5", "qazwsx", "quantri", "quantri123", "quantri@123", "qwe123", "qwe123456",
        "qwer1234", "qwerty", "qwerty1", "qwerty123", "qwertyuiop", "qwertyuiop123", "ranger", "robert", "root",
        "saigon", "saigon123", "secret", "shadow", "soccer", "starwars", "summer", "sunshine", "superman", "tamso",
        "tamsotam", "tanglong", "taylor", "test", "test123", "testtest", "thomas", "thunder", "thutruong", "tigger",
        "toor", "tran123", "trustno1", "ubnd123", "ubnd@123", "vanthu", "vanthu123", "vietnam", "vietnam1",
        "vietnam123", "vietnam@123", "welcome", "welcome1", "welcome123", "xinchao", "xinchao123", "yankees",
        "yeuanh", "yeuem", "zaq12wsx", "zaq1xsw2", "zxcvbn", "zxcvbnm", "zxcvbnm123",
    ]
}
